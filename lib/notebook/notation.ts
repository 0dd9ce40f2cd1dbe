/**
 * Equation notation in plain text, for places MathJax never reaches (SVG diagrams, Plotly labels, page
 * summaries): `texToUnicode("h_{t-1} W_h")` → "hₜ₋₁ Wₕ". Only what Unicode can write exactly is turned
 * into sub- and superscripts; anything else is left as typed, so nothing is silently misread.
 */
import { ValueError } from "../errors";

const SUB: Record<string, string> = {
  ...Object.fromEntries([..."0123456789"].map((d, i) => [d, "₀₁₂₃₄₅₆₇₈₉"[i]])),
  "+": "₊",
  "-": "₋",
  "−": "₋",
  "=": "₌",
  "(": "₍",
  ")": "₎",
  a: "ₐ",
  e: "ₑ",
  h: "ₕ",
  i: "ᵢ",
  j: "ⱼ",
  k: "ₖ",
  l: "ₗ",
  m: "ₘ",
  n: "ₙ",
  o: "ₒ",
  p: "ₚ",
  r: "ᵣ",
  s: "ₛ",
  t: "ₜ",
  u: "ᵤ",
  v: "ᵥ",
  x: "ₓ",
};

const SUP: Record<string, string> = {
  ...Object.fromEntries([..."0123456789"].map((d, i) => [d, "⁰¹²³⁴⁵⁶⁷⁸⁹"[i]])),
  "+": "⁺",
  "-": "⁻",
  "−": "⁻",
  "=": "⁼",
  "(": "⁽",
  ")": "⁾",
  i: "ⁱ",
  n: "ⁿ",
  T: "ᵀ",
};

/** TeX commands written as one character (or a word) in plain text. */
const COMMANDS: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  Delta: "Δ",
  epsilon: "ε",
  eta: "η",
  theta: "θ",
  lambda: "λ",
  mu: "μ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  Sigma: "Σ",
  sum: "Σ",
  tau: "τ",
  phi: "φ",
  varphi: "φ",
  psi: "ψ",
  omega: "ω",
  partial: "∂",
  nabla: "∇",
  odot: "⊙",
  cdot: "·",
  times: "×",
  to: "→",
  rightarrow: "→",
  leftarrow: "←",
  approx: "≈",
  le: "≤",
  leq: "≤",
  ge: "≥",
  geq: "≥",
  ne: "≠",
  neq: "≠",
  infty: "∞",
  dots: "…",
  ldots: "…",
  cdots: "⋯",
  "|": "‖",
  tanh: "tanh",
  exp: "exp",
  log: "log",
  max: "max",
  min: "min",
};

/** `s` written with `table`'s characters, or undefined when one of them has no such form. */
function mapAll(s: string, table: Record<string, string>): string | undefined {
  const out = [...s].map((c) => table[c]);
  return out.every((c) => c !== undefined) ? out.join("") : undefined;
}

/** `sub("t-1")` → "ₜ₋₁": a subscript in Unicode; throws if a character has no subscript form. */
export function sub(s: string | number): string {
  const r = mapAll(String(s), SUB);
  if (r === undefined) throw new ValueError(`sub: ${JSON.stringify(String(s))} has a character with no Unicode subscript`);
  return r;
}

/** `sup("-1")` → "⁻¹": a superscript in Unicode; throws if a character has no superscript form. */
export function sup(s: string | number): string {
  const r = mapAll(String(s), SUP);
  if (r === undefined) throw new ValueError(`sup: ${JSON.stringify(String(s))} has a character with no Unicode superscript`);
  return r;
}

/**
 * Simple TeX as plain Unicode text: `x_t`, `h_{t-1}`, `W^T`, `e^{-1}`, `\hat y` / `\hat{y}`, Greek
 * letters, `\partial`, `\frac{a}{b}` (→ a/b), `\|`, `\text{…}`; `$` signs are dropped. A subscript
 * Unicode cannot write (`h_T`, `x_{b}`) keeps its TeX form. Outside TeX, `a_b` inside a word (`train_loss`)
 * is left alone: a single-character subscript must end the word.
 * Example: `texToUnicode("∂L/∂W_h")` → "∂L/∂Wₕ".
 */
export function texToUnicode(tex: string): string {
  let s = String(tex).replace(/\$/g, "");
  s = s.replace(/\\(?:text|mathrm|mathbf|mathit|operatorname)\{([^{}]*)\}/g, "$1");
  s = s.replace(/\\hat\s*\{?([a-zA-Z])\}?/g, "$1\u0302").replace(/y\u0302/g, "ŷ");
  s = s.replace(/\\(left|right|big|Big|bigg|Bigg)(?![a-zA-Z])/g, "");
  s = s.replace(/\\(partial|nabla) ?/g, (_, name: string) => COMMANDS[name]);
  s = s.replace(/\\([a-zA-Z]+|\|)/g, (m, name: string) => COMMANDS[name] ?? m);
  s = s.replace(/\\[,;!: ]/g, " ");
  const script = (marker: string) => new RegExp(`\\${marker}\\{([^{}]*)\\}|\\${marker}([A-Za-z0-9+\\-−])(?![A-Za-z0-9])`, "g");
  for (const [marker, table] of [
    ["_", SUB],
    ["^", SUP],
  ] as const)
    s = s.replace(
      script(marker),
      (m, braced: string | undefined, single: string | undefined) => mapAll(braced ?? single ?? "", table) ?? m,
    );
  const operand = (a: string) => (/[\s+\-−·×]/.test(a.trim()) ? `(${a.trim()})` : a.trim());
  return s.replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, (_, a: string, b: string) => `${operand(a)}/${operand(b)}`);
}
