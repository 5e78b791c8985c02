/**
 * Training curves as SVG, with no plotting dependency: {@link io.github.backprop4j.chart.LineChart}
 * draws named series of (x, y) points, such as the loss and accuracy of each epoch, and puts several
 * charts side by side in one file.
 */
package io.github.backprop4j.chart;
