/**
 * The few words the display helpers write themselves (a live curve's axis and status line, the animation's
 * buttons, a figure's placeholder, the drawings' headings), in the notebook's language: the one `setLocale`
 * chose. Everything else a notebook shows is the notebook's own text. Error messages stay English.
 */
import { locale } from "./locale";

export interface Words {
  /** a live curve's x axis: a count, so the first point is at 1 */
  epochsCompleted: string;
  loss: string;
  /** the curves `train` draws */
  train: string;
  validation: string;
  /** appended to a live figure's title while it trains */
  updating: string;
  /** the status line under a finished live figure */
  finished: string;
  noPoints: string;
  /** the progress line while training */
  epoch: string;
  stepsPerSecond: string;
  left: (duration: string) => string;
  play: string;
  pause: string;
  /** what a figure's div says until its script draws it, and when Plotly is missing */
  drawing: string;
  plotlyMissing: string;
  restartKernel: string;
  /** the drawings' headings and default titles */
  rolled: string;
  unrolledOver: (steps: number) => string;
  rnnUnrolled: (steps: number) => string;
  rnnRolledAndUnrolled: string;
  sequenceShapes: string;
  /** each sequence shape's name as the language writes it, and the application it usually stands for, by shape name */
  shapeNames: Record<string, string>;
  shapeExamples: Record<string, string>;
  lstmCell: string;
  gruCell: string;
  /** how dates on a Plotly axis and in its hover labels are written, where Plotly's English is not the language's */
  dates?: PlotlyDates;
}

/** The date part of a Plotly locale's `format` (the keys Plotly reads; "%b" is a short month name). */
export interface PlotlyDates {
  months: string[];
  shortMonths: string[];
  days: string[];
  shortDays: string[];
  date: string;
  year: string;
  month: string;
  dayMonth: string;
  dayMonthYear: string;
}

const EN: Words = {
  epochsCompleted: "epochs completed",
  loss: "loss",
  train: "train",
  validation: "validation",
  updating: "(updating)",
  finished: "finished",
  noPoints: "no points",
  epoch: "epoch",
  stepsPerSecond: "steps/s",
  left: (d) => `${d} left`,
  play: "▶ Play",
  pause: "❚❚ Pause",
  drawing: "Drawing the figure… (if this text stays, the figure's script did not run here: run the cell again, or trust the notebook)",
  plotlyMissing: "Plotly did not load on this page, so this figure cannot be drawn.",
  restartKernel: " Restart the kernel and run the notebook again.",
  rolled: "rolled",
  unrolledOver: (n) => `unrolled over ${n} steps`,
  rnnUnrolled: (n) => `An RNN unrolled over ${n} steps`,
  rnnRolledAndUnrolled: "An RNN rolled and unrolled",
  sequenceShapes: "The five sequence shapes",
  shapeNames: {},
  shapeExamples: {
    "one-to-one": "regression",
    "one-to-many": "image captioning",
    "many-to-one": "text classification",
    "many-to-many (delayed)": "translation",
    "many-to-many (aligned)": "time series, tagging",
  },
  lstmCell: "The LSTM cell",
  gruCell: "The GRU cell",
};

const PT: Words = {
  epochsCompleted: "épocas completas",
  loss: "custo",
  train: "treino",
  validation: "validação",
  updating: "(atualizando)",
  finished: "concluído",
  noPoints: "nenhum ponto",
  epoch: "época",
  stepsPerSecond: "passos/s",
  left: (d) => `faltam ${d}`,
  play: "▶ Tocar",
  pause: "❚❚ Pausar",
  drawing:
    "Desenhando a figura… (se este texto ficar, o script da figura não rodou aqui: rode a célula de novo ou marque o notebook como confiável)",
  plotlyMissing: "O Plotly não carregou nesta página, então esta figura não pode ser desenhada.",
  restartKernel: " Reinicie o kernel e rode o notebook de novo.",
  rolled: "enrolada",
  unrolledOver: (n) => `desenrolada em ${n} passos`,
  rnnUnrolled: (n) => `Uma RNR desenrolada em ${n} passos`,
  rnnRolledAndUnrolled: "Uma RNR enrolada e desenrolada",
  sequenceShapes: "As cinco formas de sequência",
  // the tutorial's own names, in English without hyphens; no-break spaces keep each name on one line, as the hyphens do
  shapeNames: {
    "one-to-one": "one\u00a0to\u00a0one",
    "one-to-many": "one\u00a0to\u00a0many",
    "many-to-one": "many\u00a0to\u00a0one",
    "many-to-many (delayed)": "many\u00a0to\u00a0many (defasado)",
    "many-to-many (aligned)": "many\u00a0to\u00a0many (alinhado)",
  },
  shapeExamples: {
    "one-to-one": "regressão",
    "one-to-many": "descrição de imagens",
    "many-to-one": "classificação de texto",
    "many-to-many (delayed)": "tradução",
    "many-to-many (aligned)": "séries de tempo, rotulagem",
  },
  lstmCell: "A célula LSTM",
  gruCell: "A célula GRU",
  // months and days in lower case, as Portuguese writes them; the day before the month
  dates: {
    months: ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
    shortMonths: ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
    days: ["domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"],
    shortDays: ["dom", "seg", "ter", "qua", "qui", "sex", "sáb"],
    date: "%d/%m/%Y",
    year: "%Y",
    month: "%b %Y",
    dayMonth: "%-d %b",
    dayMonthYear: "%-d %b %Y",
  },
};

/** The words of the notebook's language: Portuguese for any "pt" locale, English otherwise. */
export function words(): Words {
  return locale().split("-")[0].toLowerCase() === "pt" ? PT : EN;
}

/**
 * Plotly's `layout.separators` for the notebook's locale (decimal mark, then thousands separator): ",." in
 * Portuguese, so tick labels read 0,5 and 1.000; undefined where Plotly's default ".," is already right.
 */
export function plotlySeparators(): string | undefined {
  const parts = new Intl.NumberFormat(locale()).formatToParts(12345.6);
  const decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
  const group = parts.find((p) => p.type === "group")?.value ?? ",";
  const separators = decimal + group;
  return separators === ".," ? undefined : separators;
}

/**
 * The notebook's language as a Plotly locale (`Plotly.register` takes it; `config.locale` names it), or
 * undefined where Plotly's own English serves. Only its dates and separators: the project hides Plotly's
 * toolbar, the one place Plotly writes words of its own.
 */
export function plotlyLocale(): { moduleType: "locale"; name: string; dictionary: object; format: object } | undefined {
  const { dates } = words();
  if (!dates) return undefined;
  const [decimal, thousands] = plotlySeparators() ?? ".,";
  return { moduleType: "locale", name: locale(), dictionary: {}, format: { ...dates, decimal, thousands } };
}
