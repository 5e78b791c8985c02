// The trace page's script (BackpropTrace.toHtml): fills each matrix in from the embedded JSON, explains a
// cell of a result from the numbers of the run, and moves between the stages (the buttons, the ← and →
// keys, the address #stage=Zh&cell=1,0). It reads nothing but this page: no network, no eval.
(function () {
  'use strict';
  const started = performance.now();
  const trace = JSON.parse(document.getElementById('trace-data').textContent);
  const page = JSON.parse(document.getElementById('page-data').textContent);
  const DIGITS = page.digits;

  // ---------------------------------------------------------------- the numbers

  const entries = {};
  for (const e of trace.entries.concat(trace.derived)) {
    e.rowAt = new Map(e.rowIndex.map((r, i) => [r, i]));
    e.colAt = new Map(e.colIndex.map((c, j) => [c, j]));
    e.values = e.values.map(row => row.map(Number)); // "NaN", "Infinity" and "-Infinity" come as strings
    entries[e.key] = e;
  }
  // each layer's entry keys (page.layers) with its name, activation and dropout (trace.layers)
  const layers = page.layers.map((keys, l) => Object.assign({}, trace.layers[l], keys));
  const n = trace.samples;

  function value(key, r, c) {
    const e = entries[key];
    const i = e.rowAt.get(r);
    const j = e.colAt.get(c);
    if (i === undefined || j === undefined) {
      throw new Error(key + '[' + r + ',' + c + '] is not on the page');
    }
    return e.values[i][j];
  }

  /** v to DIGITS significant digits, as the library's text writes it (Decimals.significant), minus as −. */
  function fmt(v) {
    if (v === 0) {
      return '0';
    }
    if (Number.isNaN(v)) {
      return 'nan';
    }
    if (!Number.isFinite(v)) {
      return v > 0 ? 'inf' : '−inf';
    }
    const [mantissa, exponent] = Math.abs(v).toExponential(DIGITS - 1).split('e');
    const e = Number(exponent);
    const digits = mantissa.replace('.', '').replace(/0+$/, '');
    let text;
    if (e >= -5 && e < Math.max(DIGITS, 6)) {
      if (e < 0) {
        text = '0.' + '0'.repeat(-e - 1) + digits;
      } else if (digits.length > e + 1) {
        text = digits.slice(0, e + 1) + '.' + digits.slice(e + 1);
      } else {
        text = digits + '0'.repeat(e + 1 - digits.length);
      }
    } else {
      text = digits[0] + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'e' + (e < 0 ? '−' : '+')
        + String(Math.abs(e)).padStart(2, '0');
    }
    return (v < 0 ? '−' : '') + text;
  }

  /** A factor in a product: negative numbers in parentheses. */
  function fmtp(v) {
    return v < 0 ? '(' + fmt(v) + ')' : fmt(v);
  }

  /** The exact double, as JavaScript reads and writes it back (−0 kept). */
  function exact(v) {
    return Object.is(v, -0) ? '-0' : String(v);
  }

  function cell(key, r, c) {
    return entries[key].name + '[' + r + ',' + c + ']';
  }

  /**
   * A sum written out: the terms on the page in order, and where terms are not on the page, how many and
   * what they add up to (the whole sum minus the terms shown). terms: [{pos, text, v}] by pos, of count.
   */
  function series(terms, count, total) {
    const shown = terms.reduce((s, t) => s + t.v, 0);
    const gap = '⟨' + (count - terms.length) + ' more terms: ' + fmt(total - shown) + '⟩';
    const parts = [];
    let prev = -1;
    for (const t of terms) {
      if (t.pos !== prev + 1) {
        parts.push(gap);
      }
      parts.push(t.text);
      prev = t.pos;
    }
    if (prev !== count - 1) {
      parts.push(gap);
    }
    return parts.join(' + ');
  }

  /** The symbolic sum: each term while there are at most 3, else Σ over the index. */
  function sumOf(indices, term, index) {
    return indices.length <= 3 && indices.length === indices[indices.length - 1] + 1
      ? indices.map(term).join(' + ') : 'Σ' + (index === 'i' ? 'ᵢ' : 'ₖ') + ' ' + term(index);
  }

  /**
   * A sum of products over an index: left(k) and right(k) name the two cells ([key, r, c]) of term k.
   * Gives the sum in symbols and the terms on the page with their values, each value marked as used.
   */
  function products(indices, left, right, at, index) {
    return {
      symbols: sumOf(indices, k => cell(...left(k)) + '·' + cell(...right(k)), index),
      terms: indices.map(k => {
        const a = at(...left(k));
        const b = at(...right(k));
        return {pos: k, text: fmtp(a) + '·' + fmtp(b), v: a * b};
      })
    };
  }

  function derivative(K, z) {
    return K.symbol + '′(' + z + ')';
  }

  function offNote(K, i, j, z, d) {
    if (d !== 0) {
      return [];
    }
    const why = K.activation === 'relu' ? ' because ' + cell(K.Z, i, j) + ' = ' + fmt(z) + ' ≤ 0: the unit was off'
      + ' for this sample' : '';
    return [derivative(K, cell(K.Z, i, j)) + ' = 0' + why + ', so this error is 0 whatever comes back to it.'];
  }

  // ---------------------------------------------------------------- explanations, one per kind of stage
  // Each takes the layer, the cell (i, j) of the result, at(key, r, c) (a value, marked as used) and the
  // result's key, and gives the lines of the explanation and notes under them.

  const EXPLAIN = {
    Z(K, i, j, at) {
      const W = entries[K.W];
      const sum = products(W.rowIndex, k => [K.input, i, k], k => [K.W, k, j], at, 'k');
      const b = at(K.B, 0, j);
      const z = at(K.Z, i, j);
      const notes = W.rows > 3 ? ['The sum runs over the ' + W.rows + ' inputs, k = 0 … ' + (W.rows - 1) + '.'] : [];
      return {
        lines: [cell(K.Z, i, j) + ' = ' + sum.symbols + ' + ' + cell(K.B, 0, j),
          '= ' + series(sum.terms, W.rows, z - b) + ' + ' + fmtp(b), '= ' + fmt(z)],
        notes: notes
      };
    },

    A(K, i, j, at) {
      const z = at(K.Z, i, j);
      const a = at(K.A, i, j);
      const m = K.M ? at(K.M, i, j) : null;
      const masked = m === null ? '' : ' · ' + fmt(m);
      let applied;
      const notes = [];
      switch (K.activation) {
        case 'relu':
          applied = 'max(0, ' + fmt(z) + ')';
          notes.push(cell(K.Z, i, j) + (z > 0 ? ' > 0: the unit is on for this sample.'
            : ' ≤ 0: the unit is off for this sample.'));
          break;
        case 'leaky-relu':
          applied = z > 0 ? fmt(z) : 'α·' + fmtp(z);
          break;
        case 'sigmoid':
          applied = '1/(1 + e^' + fmtp(-z) + ')';
          break;
        case 'identity':
          applied = fmt(z);
          break;
        case 'softmax': {
          const Z = entries[K.Z];
          const terms = Z.colIndex.map(k => ({pos: k, text: 'e^' + fmtp(at(K.Z, i, k)), v: Math.exp(value(K.Z, i, k))}));
          applied = 'e^' + fmtp(z) + ' / (' + series(terms, Z.cols, Math.exp(z) / a) + ')';
          notes.push('Each row of ' + entries[K.A].name + ' adds up to 1.');
          break;
        }
        default:
          applied = K.symbol + '(' + fmt(z) + ')';
      }
      if (m === 0) {
        notes.push('The dropout mask is 0 here: the unit is dropped for this sample.');
      }
      const R = K.symbol ? K.symbol + '(' + cell(K.Z, i, j) + ')' : cell(K.Z, i, j);
      return {
        lines: [cell(K.A, i, j) + ' = ' + R + (m === null ? '' : ' · ' + cell(K.M, i, j)), '= ' + applied + masked,
          '= ' + fmt(a)],
        notes: notes
      };
    },

    M(K, i, j, at) {
      const m = at(K.M, i, j);
      return {
        lines: [cell(K.M, i, j) + ' = ' + fmt(m)],
        notes: [m === 0 ? 'Dropped for this sample (probability p = ' + K.dropout + '): the unit passes nothing'
          + ' forward and gets no error back.' : 'Kept, and scaled by 1/(1 − p) = 1/(1 − ' + K.dropout + ').']
      };
    },

    C(K, i, j, at) {
      const O = entries[K.A];
      const c = at('C', 0, 0);
      const SHOWN = 6;
      const terms = [];
      const add = (text, v) => {
        if (terms.length < SHOWN) {
          terms.push({pos: terms.length, text: text, v: v});
        }
      };
      let count = n * O.cols;
      switch (page.labelSmoothing > 0 ? 'smoothed ' + trace.loss : trace.loss) {
        case 'mse':
          for (const r of O.rowIndex) {
            for (const k of O.colIndex) {
              const o = at(K.A, r, k);
              const t = at('y', r, k);
              add('(' + fmt(o) + '\u00a0−\u00a0' + fmtp(t) + ')²', (o - t) * (o - t)); // a term never breaks
            }
          }
          return {
            lines: ['C = 1/(2n) · Σᵢ Σₖ (' + cell(K.A, 'i', 'k') + ' − y[i,k])²',
              '= 1/(2·' + n + ') · (' + series(terms, count, 2 * n * c) + ')', '= 1/' + 2 * n + ' · ' + fmt(2 * n * c),
              '= ' + fmt(c)],
            notes: ['The sum runs over the ' + n + ' samples and the ' + O.cols + ' outputs of each.']
          };
        case 'cross-entropy':
          if (page.targetIndices) {
            count = n;
            for (const r of O.rowIndex) {
              const k = at('y', r, 0);
              if (O.colAt.has(k)) {
                const o = at(K.A, r, k);
                add('log ' + fmt(o), Math.log(o));
              }
            }
            return {
              lines: ['C = −(1/n) · Σᵢ log ' + cell(K.A, 'i', 'y[i,0]'),
                '= −(1/' + n + ') · (' + series(terms, count, -n * c) + ')', '= ' + fmt(c)],
              notes: ['y[i,0] is the class of sample i: only the probability of the right class counts.']
            };
          }
          for (const r of O.rowIndex) {
            for (const k of O.colIndex) {
              const t = value('y', r, k);
              if (t !== 0) {
                const o = at(K.A, r, k);
                at('y', r, k);
                add((t === 1 ? '' : fmt(t) + '·') + 'log ' + fmt(o), t * Math.log(o));
              }
            }
          }
          return {
            lines: ['C = −(1/n) · Σᵢ Σₖ y[i,k]·log ' + cell(K.A, 'i', 'k'), '= −(1/' + n + ') · (' + terms.map(t => t.text)
              .join(' + ') + (terms.length < count ? ' + …' : '') + ')', '= ' + fmt(c)],
            notes: ['Only the outputs whose target is not 0 count.']
          };
        default:
          return {lines: ['C = ' + fmt(c)], notes: ['The ' + trace.loss + (page.labelSmoothing > 0 ? ' (label smoothing ε = '
            + page.labelSmoothing + ')' : '') + ' cost, averaged over the n = ' + n + ' samples.']};
      }
    },

    Eo(K, i, j, at) {
      const e = at(K.E, i, j);
      const o = at(K.A, i, j);
      let t = page.targetIndices ? (at('y', i, 0) === j ? 1 : 0) : at('y', i, j);
      let target = page.targetIndices ? '[y[' + i + ',0] = ' + j + ']' : cell('y', i, j);
      const first = cell(K.E, i, j) + ' = ';
      const notes = page.targetIndices ? ['[y[' + i + ',0] = ' + j + '] is 1 if sample ' + i + ' is of class ' + j
        + ', else 0: the one-hot target.'] : [];
      if (page.labelSmoothing > 0) {
        const eps = page.labelSmoothing;
        const k = entries[K.A].cols;
        notes.push('y′[' + i + ',' + j + '] = (1 − ε)·' + target + ' + ε/k = (1 − ' + eps + ')·' + fmtp(t) + ' + '
          + eps + '/' + k + ': the target smoothed with ε = ' + eps + '.');
        t = (1 - eps) * t + eps / k;
        target = 'y′[' + i + ',' + j + ']';
      }
      if (page.outputError === 'general') {
        return {lines: [first + '∂C/∂' + cell(K.A, i, j) + (K.dR ? ' · ' + derivative(K, cell(K.Z, i, j)) : ''),
          '= ' + fmt(e)], notes: notes};
      }
      if (!K.dR) {
        return {lines: [first + cell(K.A, i, j) + ' − ' + target, '= ' + fmt(o) + ' − ' + fmtp(t), '= ' + fmt(e)],
          notes: notes};
      }
      const z = at(K.Z, i, j);
      const d = at(K.dR, i, j);
      return {
        lines: [first + '(' + cell(K.A, i, j) + ' − ' + target + ') · ' + derivative(K, cell(K.Z, i, j)),
          '= (' + fmt(o) + ' − ' + fmtp(t) + ') · ' + derivative(K, fmt(z)), '= ' + fmtp(o - t) + ' · ' + fmt(d),
          '= ' + fmt(e)],
        notes: notes.concat(offNote(K, i, j, z, d))
      };
    },

    Eh(K, i, j, at, l) {
      const next = layers[l + 1];
      const W = entries[next.W];
      const sum = products(W.colIndex, k => [next.E, i, k], k => [next.W, j, k], at, 'k');
      const back = at(K.back, i, j);
      const e = at(K.E, i, j);
      let symbols = '';
      let numbers = '';
      let factors = '';
      const notes = ['(' + entries[K.back].name + ')[' + i + ',' + j + '] is row ' + i + ' of ' + entries[next.E].name
        + ' times row ' + j + ' of ' + W.name + ' (a column of ' + W.name + 'ᵀ).'];
      if (K.M) {
        const m = at(K.M, i, j);
        symbols += ' · ' + cell(K.M, i, j);
        numbers += ' · ' + fmt(m);
        factors += ' · ' + fmt(m);
        if (m === 0) {
          notes.push('The unit was dropped for this sample (' + cell(K.M, i, j) + ' = 0), so it gets no error.');
        }
      }
      if (K.dR) {
        const z = at(K.Z, i, j);
        const d = at(K.dR, i, j);
        symbols += ' · ' + derivative(K, cell(K.Z, i, j));
        numbers += ' · ' + derivative(K, fmt(z));
        factors += ' · ' + fmt(d);
        notes.push(...offNote(K, i, j, z, d));
      }
      return {
        lines: [cell(K.E, i, j) + ' = (' + sum.symbols + ')' + symbols, '= (' + series(sum.terms, W.cols, back) + ')' + numbers, '= ' + fmtp(back) + factors, '= ' + fmt(e)],
        notes: notes
      };
    },

    dW(K, r, c, at) {
      const sum = products(entries[K.E].rowIndex, i => [K.input, i, r], i => [K.E, i, c], at, 'i');
      const g = at(K.dW, r, c);
      return {
        lines: [cell(K.dW, r, c) + ' = (1/n) · (' + sum.symbols + ')', '= (1/' + n + ') · (' + series(sum.terms, n, n * g) + ')', '= (1/' + n + ') · ' + fmtp(n * g), '= ' + fmt(g)],
        notes: ['A sum over the n = ' + n + ' samples of the batch, times 1/n: the gradient of the mean cost.']
      };
    },

    dB(K, r, c, at) {
      const E = entries[K.E];
      const terms = E.rowIndex.map(i => {
        const e = at(K.E, i, c);
        return {pos: i, text: fmtp(e), v: e};
      });
      const g = at(K.dB, 0, c);
      return {
        lines: [cell(K.dB, 0, c) + ' = (1/n) · (' + sumOf(E.rowIndex, i => cell(K.E, i, c), 'i') + ')',
          '= (1/' + n + ') · (' + series(terms, n, n * g) + ')', '= (1/' + n + ') · ' + fmtp(n * g), '= ' + fmt(g)],
        notes: ['The mean over the n = ' + n + ' samples of the error of unit ' + c + '.']
      };
    },

    W(K, r, c, at, l, result) {
      return update(K.W, K.dW, result, r, c, at);
    },

    B(K, r, c, at, l, result) {
      return update(K.B, K.dB, result, r, c, at);
    }
  };

  function update(before, gradient, after, r, c, at) {
    const w = at(before, r, c);
    const g = at(gradient, r, c);
    const a = at(after, r, c);
    if (page.plainUpdate) {
      return {
        lines: [cell(after, r, c) + ' ← ' + cell(before, r, c) + ' − η · ' + cell(gradient, r, c),
          '= ' + fmt(w) + ' − ' + fmt(trace.learningRate) + ' · ' + fmtp(g), '= ' + fmt(a)],
        notes: ['η = ' + trace.learningRate + ' is the learning rate.']
      };
    }
    return {
      lines: [cell(after, r, c) + ' ← ' + cell(before, r, c) + ' + its step', '= ' + fmt(w) + ' + ' + fmtp(a - w),
        '= ' + fmt(a)],
      notes: ['The step is what ' + trace.optimizer + ' made of ' + cell(gradient, r, c) + ' = ' + fmt(g)
        + ' and of what it remembers from earlier steps.']
    };
  }

  // ---------------------------------------------------------------- drawing

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /** The indices of an axis with −1 where indices are left out. */
  function withGaps(index, length) {
    const out = [];
    let prev = -1;
    for (const i of index) {
      if (i !== prev + 1) {
        out.push(-1);
      }
      out.push(i);
      prev = i;
    }
    if (prev !== length - 1) {
      out.push(-1);
    }
    return out;
  }

  function header(text, scope) {
    const th = el('th', null, text);
    th.scope = scope;
    return th;
  }

  function fillGrid(grid, isResult) {
    const e = entries[grid.dataset.key];
    const table = el('table');
    table.setAttribute('aria-label', e.name + ', ' + e.rows + '×' + e.cols);
    const cols = withGaps(e.colIndex, e.cols);
    const head = table.createTHead().insertRow();
    head.appendChild(el('td', 'corner'));
    for (const c of cols) {
      head.appendChild(header(c < 0 ? '…' : String(c), 'col'));
    }
    const body = table.createTBody();
    for (const r of withGaps(e.rowIndex, e.rows)) {
      const tr = body.insertRow();
      tr.appendChild(header(r < 0 ? '⋮' : String(r), 'row'));
      for (const c of cols) {
        const td = tr.insertCell();
        if (r < 0 || c < 0) {
          td.className = 'gap';
          td.textContent = r < 0 && c < 0 ? '⋱' : r < 0 ? '⋮' : '…';
          continue;
        }
        const v = e.values[e.rowAt.get(r)][e.colAt.get(c)];
        td.textContent = fmt(v);
        td.dataset.key = e.key;
        td.dataset.r = r;
        td.dataset.c = c;
        td.dataset.value = exact(v);
        if (isResult) {
          td.tabIndex = 0;
        }
      }
    }
    grid.appendChild(table);
  }

  function cellOf(section, key, r, c) {
    return section.querySelector('td[data-key="' + CSS.escape(key) + '"][data-r="' + r + '"][data-c="' + c + '"]');
  }

  /** Explains cell (r, c) of the stage's result in its panel, and marks the cells the explanation uses. */
  function explain(section, r, c) {
    const result = section.dataset.stage;
    const l = Number(section.dataset.layer);
    const used = [];
    const at = (key, i, j) => {
      used.push([key, i, j]);
      return value(key, i, j);
    };
    const kind = section.dataset.kind;
    const why = EXPLAIN[kind](layers[l < 0 ? layers.length - 1 : l], r, c, at, l, result);
    const out = section.querySelector('output.why');
    out.textContent = '';
    for (const line of why.lines) {
      out.appendChild(el('span', 'line', line));
    }
    for (const note of why.notes) {
      out.appendChild(el('span', 'why-note', note));
    }
    out.appendChild(el('span', 'exact', 'Exact value: ' + exact(value(result, r, c))));
    out.dataset.cell = r + ',' + c;
    for (const td of section.querySelectorAll('td.cur, td.use')) {
      td.classList.remove('cur', 'use');
    }
    for (const [key, i, j] of used) {
      const td = cellOf(section, key, i, j);
      if (td) {
        td.classList.add('use');
      }
    }
    const target = cellOf(section, result, r, c);
    target.classList.remove('use');
    target.classList.add('cur');
  }

  // ---------------------------------------------------------------- moving between stages

  const sections = Array.from(document.querySelectorAll('section.stage'));
  const ids = sections.map(s => s.dataset.stage);
  const links = Array.from(document.querySelectorAll('nav a[data-stage]'));
  const prev = document.getElementById('prev');
  const next = document.getElementById('next');
  const where = document.getElementById('where');
  let current = -1;

  function address(index, cellText) {
    return '#stage=' + encodeURIComponent(ids[index]) + (cellText ? '&cell=' + cellText : '');
  }

  function setAddress(hash) {
    if (location.hash === hash) {
      return;
    }
    try {
      history.replaceState(null, '', hash);
    } catch (err) {
      location.hash = hash; // where replaceState is refused (some browsers, for files)
    }
  }

  /** Shows stage index; moves the focus to its heading if the focus was in the stage that is left. */
  function go(index, options) {
    const old = sections[current];
    const focusWasInside = old !== undefined && old.contains(document.activeElement);
    if (old) {
      old.classList.remove('current');
    }
    current = index;
    const section = sections[index];
    section.classList.add('current');
    for (const a of links) {
      if (a.dataset.stage === ids[index]) {
        a.setAttribute('aria-current', 'step');
      } else {
        a.removeAttribute('aria-current');
      }
    }
    prev.disabled = index === 0;
    next.disabled = index === sections.length - 1;
    const heading = section.querySelector('h2');
    where.textContent = 'Stage ' + (index + 1) + ' of ' + sections.length;
    if (options.cell) {
      explain(section, options.cell[0], options.cell[1]);
    }
    if (options.address) {
      setAddress(address(index, options.cell ? options.cell.join(',') : null));
    }
    if (focusWasInside || options.focus) {
      heading.focus();
    }
  }

  /** The stage and cell the address names: #stage=Eh&cell=2,0. Another address leaves the stage as it is. */
  function fromAddress() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (current >= 0 && !params.has('stage')) {
      return;
    }
    const index = Math.max(0, ids.indexOf(params.get('stage')));
    const parts = (params.get('cell') || '').split(',');
    const section = sections[index];
    let cell = null;
    if (parts.length === 2 && section.querySelector('output.why')) {
      const r = Number(parts[0]);
      const c = Number(parts[1]);
      if (cellOf(section, section.dataset.stage, r, c)) {
        cell = [r, c];
      }
    }
    go(index, {cell: cell});
  }

  prev.addEventListener('click', () => go(Math.max(0, current - 1), {address: true}));
  next.addEventListener('click', () => go(Math.min(sections.length - 1, current + 1), {address: true}));
  for (const a of links) {
    a.addEventListener('click', ev => {
      ev.preventDefault();
      go(ids.indexOf(a.dataset.stage), {address: true, focus: true});
    });
  }
  document.addEventListener('keydown', ev => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.defaultPrevented) {
      return;
    }
    const step = {ArrowLeft: -1, ArrowRight: 1}[ev.key];
    const to = current + (step || 0);
    if (step === undefined || to < 0 || to >= sections.length) {
      return;
    }
    ev.preventDefault();
    go(to, {address: true});
  });
  window.addEventListener('hashchange', fromAddress);
  document.querySelector('a.skip').addEventListener('click', ev => {
    ev.preventDefault();
    sections[current].querySelector('h2').focus();
  });

  const main = document.getElementById('stages');
  const explainCell = (td, remember) => {
    const section = td.closest('section.stage');
    const r = Number(td.dataset.r);
    const c = Number(td.dataset.c);
    explain(section, r, c);
    if (remember) {
      setAddress(address(current, r + ',' + c));
    }
  };
  main.addEventListener('mouseover', ev => {
    const td = ev.target.closest('td[tabindex]');
    if (td) {
      explainCell(td, false);
    }
  });
  main.addEventListener('focusin', ev => {
    const td = ev.target.closest('td[tabindex]');
    if (td) {
      explainCell(td, true);
    }
  });

  // ---------------------------------------------------------------- start

  for (const grid of document.querySelectorAll('.grid')) {
    fillGrid(grid, grid.closest('figure').classList.contains('result'));
  }
  for (const section of sections) {
    if (section.querySelector('output.why')) {
      const result = entries[section.dataset.stage];
      explain(section, result.rowIndex[0], result.colIndex[0]); // an example before anything is pointed at
    }
  }
  fromAddress();
  document.body.dataset.ready = 'true';
  document.body.dataset.renderMs = String(Math.round(performance.now() - started));
})();
