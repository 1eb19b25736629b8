// A plugin's own widget element, without any library: it draws what Hearth hands it.
class PaintedCanvas extends HTMLElement {
  set result(result) { this._result = result; this.draw(); }
  connectedCallback() { this.draw(); }
  draw() {
    if (!this._result) return;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    root.textContent = '';
    const p = document.createElement('p');
    p.textContent = 'Painted by the plugin: ' + this._result.items.map(i => i.title).join(', ');
    root.append(p);
  }
}
customElements.define('painted-canvas', PaintedCanvas);
