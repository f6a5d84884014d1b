/**
 * An unlearn4j plugin built outside the unlearn4j reactor, against the installed artifacts and
 * unlearn4j-bom: the method {@code simnpo} ({@link com.example.unlearnplugin.SimNpoProvider}, its own
 * loss {@link com.example.unlearnplugin.SimNpoLoss} on the forget set with AdamW) and the verifier
 * {@code prediction-entropy} ({@link com.example.unlearnplugin.PredictionEntropyVerifier}). A plain
 * class-path jar: {@code META-INF/services} registers both; it has no {@code module-info}.
 */
package com.example.unlearnplugin;
