/**
 * `train` with its loss curve drawn live: one call instead of the four lines that wire `liveTraining`'s
 * callbacks into `train` and finish the figure, so a cell shows the model, the data and the settings.
 */
import type { ParamTree } from "../param-tree";
import { train, type History, type TrainOptions } from "../train";
import { describeValue, ValueError } from "../errors";
import { liveTraining, type LiveTrainingOptions } from "./live";

/** `train`'s options, and the live figure's: its title, axis titles and log axis (its epochs are `train`'s). */
export type TrainLiveOptions<P extends ParamTree> = TrainOptions<P> & { live: Omit<LiveTrainingOptions, "epochs"> };

/**
 * Trains as `train(options)` does while the loss (and the validation loss, with a split) grows in a live
 * figure, which stays when training ends; returns the history. Your own `onStep`/`onEpoch` still run.
 *
 * @example
 * trainLive({ params, size: 200, epochs: 30, objective, live: { title: "Figure 2 · Training loss", logY: true } });
 */
export function trainLive<P extends ParamTree>(options: TrainLiveOptions<P>): History {
  if (!options || typeof options.live !== "object" || options.live === null)
    throw new ValueError(`trainLive: options.live is ${describeValue(options?.live)}, expected the live figure's options { title, … }`);
  const { live: figure, ...rest } = options;
  const live = liveTraining({ ...figure, epochs: rest.epochs ?? 20 });
  try {
    return train({
      ...rest,
      onStep: (info) => {
        live.onStep(info);
        rest.onStep?.(info);
      },
      onEpoch: (info) => {
        live.onEpoch(info);
        return rest.onEpoch?.(info);
      },
    });
  } finally {
    live.finish(); // also when training stops with an error: the curve so far stays
  }
}
