// Package dataset holds the Iris data set the model is trained on: the CSV
// file embedded in the binary, a strict parser for its layout, and a
// deterministic stratified train/test split.
//
// The file is scikit-learn's copy of Fisher's (1936) Iris data from the UCI
// Machine Learning Repository; see NOTICE for attribution and licence.
// Its first line is a header "rows,features,class0,class1,..." and every
// following line holds the feature values (in cm) and a class index.
package dataset
