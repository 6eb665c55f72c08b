// Package train fits the Iris model and checks its quality.
//
// Train standardises the features with the training split's mean and
// standard deviation and fits a multinomial logistic regression (softmax)
// by full-batch gradient descent with an L2 penalty. Nothing in it is random
// but the seeded split, so the same data and Config give a byte-identical
// artifact. Evaluate is the quality gate: it recomputes the held-out accuracy
// of an artifact from the data set and compares it with a threshold.
package train
