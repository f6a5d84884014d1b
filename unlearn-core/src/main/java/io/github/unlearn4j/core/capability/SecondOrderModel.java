package io.github.unlearn4j.core.capability;

import io.github.unlearn4j.api.data.DataView;

/** A model that can give the exact Hessian of its mean task loss: small linear and softmax-regression models. */
public interface SecondOrderModel {
    /**
     * The Hessian of the mean task loss over a view, at the current parameters.
     *
     * @param view the rows
     * @return a symmetric P×P matrix, P the parameter count
     */
    double[][] taskLossHessian(DataView view);
}
