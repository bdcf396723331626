// Maillage web core — building the DOM without innerHTML (strict CSP).
//
// Owns: h() (element, attributes, children), append(), clear(), uid()
// and the #app root. Must not: parse HTML or run strings as code.

// h('p', {class: 'x'}, 'text', child, [children]) → Element.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'for') el.htmlFor = v;
      else if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'value') el.value = v;
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

let idSeq = 0;

function uid(prefix) {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}

const root = () => document.getElementById('app');

export { append, clear, h, root, uid };
