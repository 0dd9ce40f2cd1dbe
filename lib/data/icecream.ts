/**
 * A seeded synthetic series of daily ice-cream demand and temperature with a known lag structure:
 * tomorrow's demand depends on the last two days of demand and of temperature, so a model that reads
 * the last four days can learn it and a notebook can compare what it learned with the truth.
 */
import { checkAllocation } from "../budget";
import { checkEntry, checkIntAtLeast, checkOptions, checkPositiveInt, checkRange } from "../check";
import { describeValue, ShapeError, ValueError } from "../errors";
import { Random } from "../random";

/**
 * The coefficients that generate the series (the "truth").
 *
 *     temp_t       = tempMean + tempAmplitude · sin(2π (t − peakDay + period/4) / period) + e_t,
 *     e_t          = tempPersistence · e_{t−1} + N(0, tempNoiseStd²)        (weather lasts a few days)
 *     demand_{t+1} = intercept + a · demand_t + b · demand_{t−1} + c · temp_t + d · temp_{t−1} + N(0, noiseStd²)
 *
 * Demand is in litres sold, temperature in °C; day 0 is 1 January of a southern-hemisphere town, so
 * summer peaks in mid-January. With a + b < 1 demand is stationary around
 * (intercept + (c + d) · temp) / (1 − a − b).
 */
export interface IceCreamTruth {
  /** weight of today's demand, demand_t */
  a: number;
  /** weight of yesterday's demand, demand_{t−1} */
  b: number;
  /** weight of today's temperature, temp_t (litres per °C) */
  c: number;
  /** weight of yesterday's temperature, temp_{t−1} (litres per °C) */
  d: number;
  /** constant term of the demand equation (litres) */
  intercept: number;
  /** standard deviation of the demand noise (litres) */
  noiseStd: number;
  /** mean temperature over the year (°C) */
  tempMean: number;
  /** half the swing between the warmest and the coldest day of a typical year (°C) */
  tempAmplitude: number;
  /** day of the year (0-based) when the seasonal curve peaks */
  peakDay: number;
  /** length of the seasonal cycle in days */
  period: number;
  /** AR(1) coefficient of the temperature anomaly e_t, in [0, 1) */
  tempPersistence: number;
  /** standard deviation of the innovation of the temperature anomaly (°C) */
  tempNoiseStd: number;
}

/** The default truth: demand_{t+1} = 10 + 0.5·demand_t + 0.2·demand_{t−1} + 2·temp_t + 1·temp_{t−1} + noise. */
export const ICE_CREAM_TRUTH: Readonly<IceCreamTruth> = Object.freeze({
  a: 0.5,
  b: 0.2,
  c: 2,
  d: 1,
  intercept: 10,
  noiseStd: 6,
  tempMean: 22,
  tempAmplitude: 7,
  peakDay: 15,
  period: 365,
  tempPersistence: 0.6,
  tempNoiseStd: 2,
});

export interface IceCreamOptions {
  /** number of days (default 1095, three years); at least 8 */
  days?: number;
  /** seed of the noise (default 0) */
  seed?: number;
  /** replace some of the default coefficients */
  truth?: Partial<IceCreamTruth>;
}

/** The generated series: `demand[t]` and `temperature[t]` on `day[t]` = t. */
export interface IceCreamSeries {
  day: number[];
  temperature: number[];
  demand: number[];
  truth: IceCreamTruth;
}

/** Days simulated and dropped before day 0 so the series starts in its stationary regime. */
const BURN_IN = 60;

/**
 * Generates the series. The same seed (and truth) gives the same numbers on every machine.
 *
 * @example
 * const s = iceCreamSeries({ days: 730, seed: 1 });
 * s.demand.length;  // 730
 * s.truth.a;        // 0.5
 */
export function iceCreamSeries(options: IceCreamOptions = {}): IceCreamSeries {
  checkOptions("iceCreamSeries", options, ["days", "seed", "truth"]);
  return generate(options ?? {});
}

/** The series, from options whose keys were checked (by `iceCreamSeries` or `iceCreamDataset`). */
function generate(options: IceCreamOptions): IceCreamSeries {
  const days = options.days ?? 1095;
  checkIntAtLeast("days", days, 8);
  checkAllocation(3 * (days + BURN_IN), () => `an ice-cream series of ${days} days`, "ask for fewer days");
  checkOptions("truth", options.truth, Object.keys(ICE_CREAM_TRUTH), "coefficients");
  const truth: IceCreamTruth = { ...ICE_CREAM_TRUTH, ...options.truth };
  const { a, b, c, d, intercept, noiseStd, tempMean, tempAmplitude, peakDay, period, tempPersistence, tempNoiseStd } = truth;
  for (const [key, v] of Object.entries(truth)) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`truth.${key} must be a finite number, got ${describeValue(v)}`);
  }
  if (Math.abs(a) + Math.abs(b) >= 1) throw new ValueError(`truth: |a| + |b| must be < 1 for a stable series, got a = ${a}, b = ${b}`);
  checkRange("truth.tempPersistence", tempPersistence, 0, 1);
  if (noiseStd < 0 || tempNoiseStd < 0)
    throw new ValueError(`truth: noise standard deviations must be ≥ 0, got ${noiseStd}, ${tempNoiseStd}`);
  checkPositiveInt("truth.period", period);

  const rng = new Random(options.seed ?? 0);
  const total = days + BURN_IN;
  const temp: number[] = [];
  let e = 0;
  for (let i = 0; i < total; i++) {
    const t = i - BURN_IN; // day index; negative during burn-in
    e = tempPersistence * e + rng.normal(0, tempNoiseStd);
    temp.push(tempMean + tempAmplitude * Math.sin((2 * Math.PI * (t - peakDay + period / 4)) / period) + e);
  }
  const level = (intercept + (c + d) * tempMean) / (1 - a - b); // start at the long-run mean
  const demand = [level, level];
  /** demand_{t+1} = intercept + a·demand_t + b·demand_{t−1} + c·temp_t + d·temp_{t−1} + noise */
  for (let t = 1; t < total - 1; t++) {
    demand.push(intercept + a * demand[t] + b * demand[t - 1] + c * temp[t] + d * temp[t - 1] + rng.normal(0, noiseStd));
  }
  return {
    day: Array.from({ length: days }, (_, t) => t),
    temperature: temp.slice(BURN_IN),
    demand: demand.slice(BURN_IN),
    truth,
  };
}

/** Mean and standard deviation used to put a column on a unit scale: z = (v − mean) / std. */
export interface Scale {
  mean: number;
  std: number;
}

/** Supervised windows: X[t][i] = [demand, temperature] of day targetDay[i] − T + t (scaled), y[i] = [demand of targetDay[i]]. */
export interface IceCreamWindows {
  /** T × n × 2, the last T days before each target day, oldest first */
  X: number[][][];
  /** n × 1, the next day's demand */
  y: number[][];
  /** the day each row of y belongs to */
  targetDay: number[];
}

export interface IceCreamWindowOptions {
  /** T, days the model reads (default 4) */
  window?: number;
  /** scales of demand (also used for y) and temperature; default: no scaling (mean 0, std 1) */
  demandScale?: Scale;
  temperatureScale?: Scale;
}

/**
 * Cuts the series into windows of the last T days → the next day's demand, in time order.
 *
 * @example
 * const w = iceCreamWindows(iceCreamSeries(), { window: 4 });
 * w.X.length;     // 4 (T)
 * w.X[0][0];      // [demand_0, temperature_0]
 * w.y[0];         // [demand_4]
 */
export function iceCreamWindows(series: IceCreamSeries, options: IceCreamWindowOptions = {}): IceCreamWindows {
  checkOptions("iceCreamWindows", options, ["window", "demandScale", "temperatureScale"]);
  options ??= {};
  if (series === null || typeof series !== "object" || !Array.isArray(series.demand) || !Array.isArray(series.temperature)) {
    throw new ValueError(`series is ${describeValue(series)}, expected an ice-cream series { demand, temperature }`);
  }
  const T = options.window ?? 4;
  checkPositiveInt("window", T);
  const { demand, temperature } = series;
  if (demand.length !== temperature.length) {
    throw new ShapeError(`series: demand has ${demand.length} days but temperature has ${temperature.length}`);
  }
  if (demand.length <= T) throw new ShapeError(`window ${T} needs more than ${T} days, the series has ${demand.length}`);
  const ds = options.demandScale ?? { mean: 0, std: 1 },
    ts = options.temperatureScale ?? { mean: 0, std: 1 };
  for (const [name, s] of [
    ["demandScale", ds],
    ["temperatureScale", ts],
  ] as const) {
    if (s === null || typeof s !== "object" || !(s.std > 0 && s.std < Infinity) || !Number.isFinite(s.mean))
      throw new ValueError(
        `${name} must have a finite mean and std > 0, got ${describeValue(s) === "an object" ? JSON.stringify(s) : describeValue(s)}`,
      );
  }
  const X: number[][][] = Array.from({ length: T }, () => []);
  const y: number[][] = [],
    targetDay: number[] = [];
  for (let s = T; s < demand.length; s++) {
    for (let t = 0; t < T; t++) {
      const day = s - T + t;
      X[t].push([(demand[day] - ds.mean) / ds.std, (temperature[day] - ts.mean) / ts.std]);
    }
    y.push([(demand[s] - ds.mean) / ds.std]);
    targetDay.push(s);
  }
  return { X, y, targetDay };
}

/** The mean and (population) standard deviation of `values`. */
export function scaleOf(values: ArrayLike<number>): Scale {
  if (values === null || typeof values !== "object" || typeof values.length !== "number") {
    throw new ValueError(`scaleOf: values is ${describeValue(values)}, expected a list of numbers`);
  }
  if (values.length === 0) throw new ShapeError("scaleOf: values is empty, expected at least one number");
  for (let i = 0; i < values.length; i++) checkEntry("scaleOf: values", values, i);
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i] / values.length;
  let v = 0;
  for (let i = 0; i < values.length; i++) v += (values[i] - mean) ** 2 / values.length;
  return { mean, std: Math.sqrt(v) || 1 };
}

/** A ready-to-train dataset: windows split in time order, scaled with statistics of the training days only. */
export interface IceCreamDataset {
  series: IceCreamSeries;
  /** every window in time order: `train` followed by `validation` (same split as `train({ validationSplit })`) */
  all: IceCreamWindows;
  /** the first windows in time */
  train: IceCreamWindows;
  /** the last `validationFraction` of the windows, all later than every training target */
  validation: IceCreamWindows;
  demandScale: Scale;
  temperatureScale: Scale;
  /** back from scaled demand to litres: v · std + mean */
  unscaleDemand(v: number): number;
}

export interface IceCreamDatasetOptions extends IceCreamOptions {
  /** T, days the model reads (default 4) */
  window?: number;
  /** fraction of the windows, taken from the end, held out for validation (default 0.2) */
  validationFraction?: number;
}

/**
 * Series → scaled windows → chronological train/validation split. The scales come from the days the
 * training windows see, so nothing about the validation period leaks into training.
 *
 * @example
 * const ds = iceCreamDataset({ seed: 0 }); // 1095 days, T = 4, last 20 % for validation
 * ds.train.X.length;        // 4
 * ds.train.y.length;        // 873
 * ds.all.y.length;          // 1091 (train, then validation)
 * ds.unscaleDemand(ds.validation.y[0][0]); // litres
 */
export function iceCreamDataset(options: IceCreamDatasetOptions = {}): IceCreamDataset {
  checkOptions("iceCreamDataset", options, ["days", "seed", "truth", "window", "validationFraction"]);
  options ??= {};
  const series = generate(options);
  const T = options.window ?? 4;
  checkPositiveInt("window", T);
  const fraction = options.validationFraction ?? 0.2;
  checkRange("validationFraction", fraction, 0, 1);
  const n = series.demand.length - T;
  const nVal = Math.floor(n * fraction),
    nTrain = n - nVal;
  if (nTrain < 1) throw new ValueError(`validationFraction ${fraction} leaves no training windows out of ${n}`);
  const seen = nTrain + T; // days 0 … seen−1 appear in the training windows (inputs and targets)
  const demandScale = scaleOf(series.demand.slice(0, seen));
  const temperatureScale = scaleOf(series.temperature.slice(0, seen));
  const all = iceCreamWindows(series, { window: T, demandScale, temperatureScale });
  const part = (lo: number, hi: number): IceCreamWindows => ({
    X: all.X.map((step) => step.slice(lo, hi)),
    y: all.y.slice(lo, hi),
    targetDay: all.targetDay.slice(lo, hi),
  });
  return {
    series,
    all,
    train: part(0, nTrain),
    validation: part(nTrain, n),
    demandScale,
    temperatureScale,
    unscaleDemand: (v: number) => v * demandScale.std + demandScale.mean,
  };
}
