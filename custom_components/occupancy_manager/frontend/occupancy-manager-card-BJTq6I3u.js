// node_modules/@lit/reactive-element/css-tag.js
var e = globalThis, t = e.ShadowRoot && (e.ShadyCSS === void 0 || e.ShadyCSS.nativeShadow) && "adoptedStyleSheets" in Document.prototype && "replace" in CSSStyleSheet.prototype, n = Symbol(), r = /* @__PURE__ */ new WeakMap(), i = class {
	constructor(e, t, r) {
		if (this._$cssResult$ = !0, r !== n) throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");
		this.cssText = e, this.t = t;
	}
	get styleSheet() {
		let e = this.o, n = this.t;
		if (t && e === void 0) {
			let t = n !== void 0 && n.length === 1;
			t && (e = r.get(n)), e === void 0 && ((this.o = e = new CSSStyleSheet()).replaceSync(this.cssText), t && r.set(n, e));
		}
		return e;
	}
	toString() {
		return this.cssText;
	}
}, a = (e) => new i(typeof e == "string" ? e : e + "", void 0, n), o = (e, ...t) => new i(e.length === 1 ? e[0] : t.reduce((t, n, r) => t + ((e) => {
	if (!0 === e._$cssResult$) return e.cssText;
	if (typeof e == "number") return e;
	throw Error("Value passed to 'css' function must be a 'css' function result: " + e + ". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.");
})(n) + e[r + 1], e[0]), e, n), s = (n, r) => {
	if (t) n.adoptedStyleSheets = r.map((e) => e instanceof CSSStyleSheet ? e : e.styleSheet);
	else for (let t of r) {
		let r = document.createElement("style"), i = e.litNonce;
		i !== void 0 && r.setAttribute("nonce", i), r.textContent = t.cssText, n.appendChild(r);
	}
}, c = t ? (e) => e : (e) => e instanceof CSSStyleSheet ? ((e) => {
	let t = "";
	for (let n of e.cssRules) t += n.cssText;
	return a(t);
})(e) : e, { is: l, defineProperty: u, getOwnPropertyDescriptor: d, getOwnPropertyNames: f, getOwnPropertySymbols: p, getPrototypeOf: m } = Object, h = globalThis, ee = h.trustedTypes, te = ee ? ee.emptyScript : "", ne = h.reactiveElementPolyfillSupport, g = (e, t) => e, _ = {
	toAttribute(e, t) {
		switch (t) {
			case Boolean:
				e = e ? te : null;
				break;
			case Object:
			case Array: e = e == null ? e : JSON.stringify(e);
		}
		return e;
	},
	fromAttribute(e, t) {
		let n = e;
		switch (t) {
			case Boolean:
				n = e !== null;
				break;
			case Number:
				n = e === null ? null : Number(e);
				break;
			case Object:
			case Array: try {
				n = JSON.parse(e);
			} catch {
				n = null;
			}
		}
		return n;
	}
}, re = (e, t) => !l(e, t), ie = {
	attribute: !0,
	type: String,
	converter: _,
	reflect: !1,
	useDefault: !1,
	hasChanged: re
};
Symbol.metadata ??= Symbol("metadata"), h.litPropertyMetadata ??= /* @__PURE__ */ new WeakMap();
var v = class extends HTMLElement {
	static addInitializer(e) {
		this._$Ei(), (this.l ??= []).push(e);
	}
	static get observedAttributes() {
		return this.finalize(), this._$Eh && [...this._$Eh.keys()];
	}
	static createProperty(e, t = ie) {
		if (t.state && (t.attribute = !1), this._$Ei(), this.prototype.hasOwnProperty(e) && ((t = Object.create(t)).wrapped = !0), this.elementProperties.set(e, t), !t.noAccessor) {
			let n = Symbol(), r = this.getPropertyDescriptor(e, n, t);
			r !== void 0 && u(this.prototype, e, r);
		}
	}
	static getPropertyDescriptor(e, t, n) {
		let { get: r, set: i } = d(this.prototype, e) ?? {
			get() {
				return this[t];
			},
			set(e) {
				this[t] = e;
			}
		};
		return {
			get: r,
			set(t) {
				let a = r?.call(this);
				i?.call(this, t), this.requestUpdate(e, a, n);
			},
			configurable: !0,
			enumerable: !0
		};
	}
	static getPropertyOptions(e) {
		return this.elementProperties.get(e) ?? ie;
	}
	static _$Ei() {
		if (this.hasOwnProperty(g("elementProperties"))) return;
		let e = m(this);
		e.finalize(), e.l !== void 0 && (this.l = [...e.l]), this.elementProperties = new Map(e.elementProperties);
	}
	static finalize() {
		if (this.hasOwnProperty(g("finalized"))) return;
		if (this.finalized = !0, this._$Ei(), this.hasOwnProperty(g("properties"))) {
			let e = this.properties, t = [...f(e), ...p(e)];
			for (let n of t) this.createProperty(n, e[n]);
		}
		let e = this[Symbol.metadata];
		if (e !== null) {
			let t = litPropertyMetadata.get(e);
			if (t !== void 0) for (let [e, n] of t) this.elementProperties.set(e, n);
		}
		this._$Eh = /* @__PURE__ */ new Map();
		for (let [e, t] of this.elementProperties) {
			let n = this._$Eu(e, t);
			n !== void 0 && this._$Eh.set(n, e);
		}
		this.elementStyles = this.finalizeStyles(this.styles);
	}
	static finalizeStyles(e) {
		let t = [];
		if (Array.isArray(e)) {
			let n = new Set(e.flat(1 / 0).reverse());
			for (let e of n) t.unshift(c(e));
		} else e !== void 0 && t.push(c(e));
		return t;
	}
	static _$Eu(e, t) {
		let n = t.attribute;
		return !1 === n ? void 0 : typeof n == "string" ? n : typeof e == "string" ? e.toLowerCase() : void 0;
	}
	constructor() {
		super(), this._$Ep = void 0, this.isUpdatePending = !1, this.hasUpdated = !1, this._$Em = null, this._$Ev();
	}
	_$Ev() {
		this._$ES = new Promise((e) => this.enableUpdating = e), this._$AL = /* @__PURE__ */ new Map(), this._$E_(), this.requestUpdate(), this.constructor.l?.forEach((e) => e(this));
	}
	addController(e) {
		(this._$EO ??= /* @__PURE__ */ new Set()).add(e), this.renderRoot !== void 0 && this.isConnected && e.hostConnected?.();
	}
	removeController(e) {
		this._$EO?.delete(e);
	}
	_$E_() {
		let e = /* @__PURE__ */ new Map(), t = this.constructor.elementProperties;
		for (let n of t.keys()) this.hasOwnProperty(n) && (e.set(n, this[n]), delete this[n]);
		e.size > 0 && (this._$Ep = e);
	}
	createRenderRoot() {
		let e = this.shadowRoot ?? this.attachShadow(this.constructor.shadowRootOptions);
		return s(e, this.constructor.elementStyles), e;
	}
	connectedCallback() {
		this.renderRoot ??= this.createRenderRoot(), this.enableUpdating(!0), this._$EO?.forEach((e) => e.hostConnected?.());
	}
	enableUpdating(e) {}
	disconnectedCallback() {
		this._$EO?.forEach((e) => e.hostDisconnected?.());
	}
	attributeChangedCallback(e, t, n) {
		this._$AK(e, n);
	}
	_$ET(e, t) {
		let n = this.constructor.elementProperties.get(e), r = this.constructor._$Eu(e, n);
		if (r !== void 0 && !0 === n.reflect) {
			let i = (n.converter?.toAttribute === void 0 ? _ : n.converter).toAttribute(t, n.type);
			this._$Em = e, i == null ? this.removeAttribute(r) : this.setAttribute(r, i), this._$Em = null;
		}
	}
	_$AK(e, t) {
		let n = this.constructor, r = n._$Eh.get(e);
		if (r !== void 0 && this._$Em !== r) {
			let e = n.getPropertyOptions(r), i = typeof e.converter == "function" ? { fromAttribute: e.converter } : e.converter?.fromAttribute === void 0 ? _ : e.converter;
			this._$Em = r;
			let a = i.fromAttribute(t, e.type);
			this[r] = a ?? this._$Ej?.get(r) ?? a, this._$Em = null;
		}
	}
	requestUpdate(e, t, n, r = !1, i) {
		if (e !== void 0) {
			let a = this.constructor;
			if (!1 === r && (i = this[e]), n ??= a.getPropertyOptions(e), !((n.hasChanged ?? re)(i, t) || n.useDefault && n.reflect && i === this._$Ej?.get(e) && !this.hasAttribute(a._$Eu(e, n)))) return;
			this.C(e, t, n);
		}
		!1 === this.isUpdatePending && (this._$ES = this._$EP());
	}
	C(e, t, { useDefault: n, reflect: r, wrapped: i }, a) {
		n && !(this._$Ej ??= /* @__PURE__ */ new Map()).has(e) && (this._$Ej.set(e, a ?? t ?? this[e]), !0 !== i || a !== void 0) || (this._$AL.has(e) || (this.hasUpdated || n || (t = void 0), this._$AL.set(e, t)), !0 === r && this._$Em !== e && (this._$Eq ??= /* @__PURE__ */ new Set()).add(e));
	}
	async _$EP() {
		this.isUpdatePending = !0;
		try {
			await this._$ES;
		} catch (e) {
			Promise.reject(e);
		}
		let e = this.scheduleUpdate();
		return e != null && await e, !this.isUpdatePending;
	}
	scheduleUpdate() {
		return this.performUpdate();
	}
	performUpdate() {
		if (!this.isUpdatePending) return;
		if (!this.hasUpdated) {
			if (this.renderRoot ??= this.createRenderRoot(), this._$Ep) {
				for (let [e, t] of this._$Ep) this[e] = t;
				this._$Ep = void 0;
			}
			let e = this.constructor.elementProperties;
			if (e.size > 0) for (let [t, n] of e) {
				let { wrapped: e } = n, r = this[t];
				!0 !== e || this._$AL.has(t) || r === void 0 || this.C(t, void 0, n, r);
			}
		}
		let e = !1, t = this._$AL;
		try {
			e = this.shouldUpdate(t), e ? (this.willUpdate(t), this._$EO?.forEach((e) => e.hostUpdate?.()), this.update(t)) : this._$EM();
		} catch (t) {
			throw e = !1, this._$EM(), t;
		}
		e && this._$AE(t);
	}
	willUpdate(e) {}
	_$AE(e) {
		this._$EO?.forEach((e) => e.hostUpdated?.()), this.hasUpdated || (this.hasUpdated = !0, this.firstUpdated(e)), this.updated(e);
	}
	_$EM() {
		this._$AL = /* @__PURE__ */ new Map(), this.isUpdatePending = !1;
	}
	get updateComplete() {
		return this.getUpdateComplete();
	}
	getUpdateComplete() {
		return this._$ES;
	}
	shouldUpdate(e) {
		return !0;
	}
	update(e) {
		this._$Eq &&= this._$Eq.forEach((e) => this._$ET(e, this[e])), this._$EM();
	}
	updated(e) {}
	firstUpdated(e) {}
};
v.elementStyles = [], v.shadowRootOptions = { mode: "open" }, v[g("elementProperties")] = /* @__PURE__ */ new Map(), v[g("finalized")] = /* @__PURE__ */ new Map(), ne?.({ ReactiveElement: v }), (h.reactiveElementVersions ??= []).push("2.1.2");
// node_modules/lit-html/lit-html.js
var y = globalThis, ae = (e) => e, b = y.trustedTypes, x = b ? b.createPolicy("lit-html", { createHTML: (e) => e }) : void 0, S = "$lit$", C = `lit$${Math.random().toFixed(9).slice(2)}$`, w = "?" + C, oe = `<${w}>`, T = document, E = () => T.createComment(""), D = (e) => e === null || typeof e != "object" && typeof e != "function", O = Array.isArray, k = (e) => O(e) || typeof e?.[Symbol.iterator] == "function", A = "[ 	\n\f\r]", j = /<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g, se = /-->/g, ce = />/g, M = RegExp(`>|${A}(?:([^\\s"'>=/]+)(${A}*=${A}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`, "g"), le = /'/g, ue = /"/g, de = /^(?:script|style|textarea|title)$/i, N = ((e) => (t, ...n) => ({
	_$litType$: e,
	strings: t,
	values: n
}))(1), P = Symbol.for("lit-noChange"), F = Symbol.for("lit-nothing"), fe = /* @__PURE__ */ new WeakMap(), I = T.createTreeWalker(T, 129);
function pe(e, t) {
	if (!O(e) || !e.hasOwnProperty("raw")) throw Error("invalid template strings array");
	return x === void 0 ? t : x.createHTML(t);
}
var me = (e, t) => {
	let n = e.length - 1, r = [], i, a = t === 2 ? "<svg>" : t === 3 ? "<math>" : "", o = j;
	for (let t = 0; t < n; t++) {
		let n = e[t], s, c, l = -1, u = 0;
		for (; u < n.length && (o.lastIndex = u, c = o.exec(n), c !== null);) u = o.lastIndex, o === j ? c[1] === "!--" ? o = se : c[1] === void 0 ? c[2] === void 0 ? c[3] !== void 0 && (o = M) : (de.test(c[2]) && (i = RegExp("</" + c[2], "g")), o = M) : o = ce : o === M ? c[0] === ">" ? (o = i ?? j, l = -1) : c[1] === void 0 ? l = -2 : (l = o.lastIndex - c[2].length, s = c[1], o = c[3] === void 0 ? M : c[3] === "\"" ? ue : le) : o === ue || o === le ? o = M : o === se || o === ce ? o = j : (o = M, i = void 0);
		let d = o === M && e[t + 1].startsWith("/>") ? " " : "";
		a += o === j ? n + oe : l >= 0 ? (r.push(s), n.slice(0, l) + S + n.slice(l) + C + d) : n + C + (l === -2 ? t : d);
	}
	return [pe(e, a + (e[n] || "<?>") + (t === 2 ? "</svg>" : t === 3 ? "</math>" : "")), r];
}, L = class e {
	constructor({ strings: t, _$litType$: n }, r) {
		let i;
		this.parts = [];
		let a = 0, o = 0, s = t.length - 1, c = this.parts, [l, u] = me(t, n);
		if (this.el = e.createElement(l, r), I.currentNode = this.el.content, n === 2 || n === 3) {
			let e = this.el.content.firstChild;
			e.replaceWith(...e.childNodes);
		}
		for (; (i = I.nextNode()) !== null && c.length < s;) {
			if (i.nodeType === 1) {
				if (i.hasAttributes()) for (let e of i.getAttributeNames()) if (e.endsWith(S)) {
					let t = u[o++], n = i.getAttribute(e).split(C), r = /([.?@])?(.*)/.exec(t);
					c.push({
						type: 1,
						index: a,
						name: r[2],
						strings: n,
						ctor: r[1] === "." ? he : r[1] === "?" ? ge : r[1] === "@" ? _e : V
					}), i.removeAttribute(e);
				} else e.startsWith(C) && (c.push({
					type: 6,
					index: a
				}), i.removeAttribute(e));
				if (de.test(i.tagName)) {
					let e = i.textContent.split(C), t = e.length - 1;
					if (t > 0) {
						i.textContent = b ? b.emptyScript : "";
						for (let n = 0; n < t; n++) i.append(e[n], E()), I.nextNode(), c.push({
							type: 2,
							index: ++a
						});
						i.append(e[t], E());
					}
				}
			} else if (i.nodeType === 8) {
				if (i.data === w) c.push({
					type: 2,
					index: a
				});
				else {
					let e = -1;
					for (; (e = i.data.indexOf(C, e + 1)) !== -1;) c.push({
						type: 7,
						index: a
					}), e += C.length - 1;
				}
			}
			a++;
		}
	}
	static createElement(e, t) {
		let n = T.createElement("template");
		return n.innerHTML = e, n;
	}
};
function R(e, t, n = e, r) {
	if (t === P) return t;
	let i = r === void 0 ? n._$Cl : n._$Co?.[r], a = D(t) ? void 0 : t._$litDirective$;
	return i?.constructor !== a && (i?._$AO?.(!1), a === void 0 ? i = void 0 : (i = new a(e), i._$AT(e, n, r)), r === void 0 ? n._$Cl = i : (n._$Co ??= [])[r] = i), i !== void 0 && (t = R(e, i._$AS(e, t.values), i, r)), t;
}
var z = class {
	constructor(e, t) {
		this._$AV = [], this._$AN = void 0, this._$AD = e, this._$AM = t;
	}
	get parentNode() {
		return this._$AM.parentNode;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	u(e) {
		let { el: { content: t }, parts: n } = this._$AD, r = (e?.creationScope ?? T).importNode(t, !0);
		I.currentNode = r;
		let i = I.nextNode(), a = 0, o = 0, s = n[0];
		for (; s !== void 0;) {
			if (a === s.index) {
				let t;
				s.type === 2 ? t = new B(i, i.nextSibling, this, e) : s.type === 1 ? t = new s.ctor(i, s.name, s.strings, this, e) : s.type === 6 && (t = new ve(i, this, e)), this._$AV.push(t), s = n[++o];
			}
			a !== s?.index && (i = I.nextNode(), a++);
		}
		return I.currentNode = T, r;
	}
	p(e) {
		let t = 0;
		for (let n of this._$AV) n !== void 0 && (n.strings === void 0 ? n._$AI(e[t]) : (n._$AI(e, n, t), t += n.strings.length - 2)), t++;
	}
}, B = class e {
	get _$AU() {
		return this._$AM?._$AU ?? this._$Cv;
	}
	constructor(e, t, n, r) {
		this.type = 2, this._$AH = F, this._$AN = void 0, this._$AA = e, this._$AB = t, this._$AM = n, this.options = r, this._$Cv = r?.isConnected ?? !0;
	}
	get parentNode() {
		let e = this._$AA.parentNode, t = this._$AM;
		return t !== void 0 && e?.nodeType === 11 && (e = t.parentNode), e;
	}
	get startNode() {
		return this._$AA;
	}
	get endNode() {
		return this._$AB;
	}
	_$AI(e, t = this) {
		e = R(this, e, t), D(e) ? e === F || e == null || e === "" ? (this._$AH !== F && this._$AR(), this._$AH = F) : e !== this._$AH && e !== P && this._(e) : e._$litType$ === void 0 ? e.nodeType === void 0 ? k(e) ? this.k(e) : this._(e) : this.T(e) : this.$(e);
	}
	O(e) {
		return this._$AA.parentNode.insertBefore(e, this._$AB);
	}
	T(e) {
		this._$AH !== e && (this._$AR(), this._$AH = this.O(e));
	}
	_(e) {
		this._$AH !== F && D(this._$AH) ? this._$AA.nextSibling.data = e : this.T(T.createTextNode(e)), this._$AH = e;
	}
	$(e) {
		let { values: t, _$litType$: n } = e, r = typeof n == "number" ? this._$AC(e) : (n.el === void 0 && (n.el = L.createElement(pe(n.h, n.h[0]), this.options)), n);
		if (this._$AH?._$AD === r) this._$AH.p(t);
		else {
			let e = new z(r, this), n = e.u(this.options);
			e.p(t), this.T(n), this._$AH = e;
		}
	}
	_$AC(e) {
		let t = fe.get(e.strings);
		return t === void 0 && fe.set(e.strings, t = new L(e)), t;
	}
	k(t) {
		O(this._$AH) || (this._$AH = [], this._$AR());
		let n = this._$AH, r, i = 0;
		for (let a of t) i === n.length ? n.push(r = new e(this.O(E()), this.O(E()), this, this.options)) : r = n[i], r._$AI(a), i++;
		i < n.length && (this._$AR(r && r._$AB.nextSibling, i), n.length = i);
	}
	_$AR(e = this._$AA.nextSibling, t) {
		for (this._$AP?.(!1, !0, t); e !== this._$AB;) {
			let t = ae(e).nextSibling;
			ae(e).remove(), e = t;
		}
	}
	setConnected(e) {
		this._$AM === void 0 && (this._$Cv = e, this._$AP?.(e));
	}
}, V = class {
	get tagName() {
		return this.element.tagName;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	constructor(e, t, n, r, i) {
		this.type = 1, this._$AH = F, this._$AN = void 0, this.element = e, this.name = t, this._$AM = r, this.options = i, n.length > 2 || n[0] !== "" || n[1] !== "" ? (this._$AH = Array(n.length - 1).fill(/* @__PURE__ */ new String()), this.strings = n) : this._$AH = F;
	}
	_$AI(e, t = this, n, r) {
		let i = this.strings, a = !1;
		if (i === void 0) e = R(this, e, t, 0), a = !D(e) || e !== this._$AH && e !== P, a && (this._$AH = e);
		else {
			let r = e, o, s;
			for (e = i[0], o = 0; o < i.length - 1; o++) s = R(this, r[n + o], t, o), s === P && (s = this._$AH[o]), a ||= !D(s) || s !== this._$AH[o], s === F ? e = F : e !== F && (e += (s ?? "") + i[o + 1]), this._$AH[o] = s;
		}
		a && !r && this.j(e);
	}
	j(e) {
		e === F ? this.element.removeAttribute(this.name) : this.element.setAttribute(this.name, e ?? "");
	}
}, he = class extends V {
	constructor() {
		super(...arguments), this.type = 3;
	}
	j(e) {
		this.element[this.name] = e === F ? void 0 : e;
	}
}, ge = class extends V {
	constructor() {
		super(...arguments), this.type = 4;
	}
	j(e) {
		this.element.toggleAttribute(this.name, !!e && e !== F);
	}
}, _e = class extends V {
	constructor(e, t, n, r, i) {
		super(e, t, n, r, i), this.type = 5;
	}
	_$AI(e, t = this) {
		if ((e = R(this, e, t, 0) ?? F) === P) return;
		let n = this._$AH, r = e === F && n !== F || e.capture !== n.capture || e.once !== n.once || e.passive !== n.passive, i = e !== F && (n === F || r);
		r && this.element.removeEventListener(this.name, this, n), i && this.element.addEventListener(this.name, this, e), this._$AH = e;
	}
	handleEvent(e) {
		typeof this._$AH == "function" ? this._$AH.call(this.options?.host ?? this.element, e) : this._$AH.handleEvent(e);
	}
}, ve = class {
	constructor(e, t, n) {
		this.element = e, this.type = 6, this._$AN = void 0, this._$AM = t, this.options = n;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	_$AI(e) {
		R(this, e);
	}
}, ye = {
	M: S,
	P: C,
	A: w,
	C: 1,
	L: me,
	R: z,
	D: k,
	V: R,
	I: B,
	H: V,
	N: ge,
	U: _e,
	B: he,
	F: ve
}, be = y.litHtmlPolyfillSupport;
be?.(L, B), (y.litHtmlVersions ??= []).push("3.3.3");
var xe = (e, t, n) => {
	let r = n?.renderBefore ?? t, i = r._$litPart$;
	if (i === void 0) {
		let e = n?.renderBefore ?? null;
		r._$litPart$ = i = new B(t.insertBefore(E(), e), e, void 0, n ?? {});
	}
	return i._$AI(e), i;
}, H = globalThis, U = class extends v {
	constructor() {
		super(...arguments), this.renderOptions = { host: this }, this._$Do = void 0;
	}
	createRenderRoot() {
		let e = super.createRenderRoot();
		return this.renderOptions.renderBefore ??= e.firstChild, e;
	}
	update(e) {
		let t = this.render();
		this.hasUpdated || (this.renderOptions.isConnected = this.isConnected), super.update(e), this._$Do = xe(t, this.renderRoot, this.renderOptions);
	}
	connectedCallback() {
		super.connectedCallback(), this._$Do?.setConnected(!0);
	}
	disconnectedCallback() {
		super.disconnectedCallback(), this._$Do?.setConnected(!1);
	}
	render() {
		return P;
	}
};
U._$litElement$ = !0, U.finalized = !0, H.litElementHydrateSupport?.({ LitElement: U });
var Se = H.litElementPolyfillSupport;
Se?.({ LitElement: U }), (H.litElementVersions ??= []).push("4.2.2");
// node_modules/lit-html/directive.js
var Ce = {
	ATTRIBUTE: 1,
	CHILD: 2,
	PROPERTY: 3,
	BOOLEAN_ATTRIBUTE: 4,
	EVENT: 5,
	ELEMENT: 6
}, we = (e) => (...t) => ({
	_$litDirective$: e,
	values: t
}), Te = class {
	constructor(e) {}
	get _$AU() {
		return this._$AM._$AU;
	}
	_$AT(e, t, n) {
		this._$Ct = e, this._$AM = t, this._$Ci = n;
	}
	_$AS(e, t) {
		return this.update(e, t);
	}
	update(e, t) {
		return this.render(...t);
	}
}, Ee = {}, De = we(class extends Te {
	constructor() {
		super(...arguments), this.ot = Ee;
	}
	render(e, t) {
		return t();
	}
	update(e, [t, n]) {
		if (Array.isArray(t)) {
			if (Array.isArray(this.ot) && this.ot.length === t.length && t.every((e, t) => e === this.ot[t])) return P;
		} else if (this.ot === t) return P;
		return this.ot = Array.isArray(t) ? Array.from(t) : t, this.render(t, n);
	}
}), { I: Oe } = ye, ke = (e) => e, Ae = () => document.createComment(""), W = (e, t, n) => {
	let r = e._$AA.parentNode, i = t === void 0 ? e._$AB : t._$AA;
	if (n === void 0) n = new Oe(r.insertBefore(Ae(), i), r.insertBefore(Ae(), i), e, e.options);
	else {
		let t = n._$AB.nextSibling, a = n._$AM, o = a !== e;
		if (o) {
			let t;
			n._$AQ?.(e), n._$AM = e, n._$AP !== void 0 && (t = e._$AU) !== a._$AU && n._$AP(t);
		}
		if (t !== i || o) {
			let e = n._$AA;
			for (; e !== t;) {
				let t = ke(e).nextSibling;
				ke(r).insertBefore(e, i), e = t;
			}
		}
	}
	return n;
}, G = (e, t, n = e) => (e._$AI(t, n), e), je = {}, Me = (e, t = je) => e._$AH = t, Ne = (e) => e._$AH, K = (e) => {
	e._$AR(), e._$AA.remove();
}, Pe = (e, t, n) => {
	let r = /* @__PURE__ */ new Map();
	for (let i = t; i <= n; i++) r.set(e[i], i);
	return r;
}, Fe = we(class extends Te {
	constructor(e) {
		if (super(e), e.type !== Ce.CHILD) throw Error("repeat() can only be used in text expressions");
	}
	dt(e, t, n) {
		let r;
		n === void 0 ? n = t : t !== void 0 && (r = t);
		let i = [], a = [], o = 0;
		for (let t of e) i[o] = r ? r(t, o) : o, a[o] = n(t, o), o++;
		return {
			values: a,
			keys: i
		};
	}
	render(e, t, n) {
		return this.dt(e, t, n).values;
	}
	update(e, [t, n, r]) {
		let i = Ne(e), { values: a, keys: o } = this.dt(t, n, r);
		if (!Array.isArray(i)) return this.ut = o, a;
		let s = this.ut ??= [], c = [], l, u, d = 0, f = i.length - 1, p = 0, m = a.length - 1;
		for (; d <= f && p <= m;) if (i[d] === null) d++;
		else if (i[f] === null) f--;
		else if (s[d] === o[p]) c[p] = G(i[d], a[p]), d++, p++;
		else if (s[f] === o[m]) c[m] = G(i[f], a[m]), f--, m--;
		else if (s[d] === o[m]) c[m] = G(i[d], a[m]), W(e, c[m + 1], i[d]), d++, m--;
		else if (s[f] === o[p]) c[p] = G(i[f], a[p]), W(e, i[d], i[f]), f--, p++;
		else if (l === void 0 && (l = Pe(o, p, m), u = Pe(s, d, f)), l.has(s[d])) {
			if (l.has(s[f])) {
				let t = u.get(o[p]), n = t === void 0 ? null : i[t];
				if (n === null) {
					let t = W(e, i[d]);
					G(t, a[p]), c[p] = t;
				} else c[p] = G(n, a[p]), W(e, i[d], n), i[t] = null;
				p++;
			} else K(i[f]), f--;
		} else K(i[d]), d++;
		for (; p <= m;) {
			let t = W(e, c[m + 1]);
			G(t, a[p]), c[p++] = t;
		}
		for (; d <= f;) {
			let e = i[d++];
			e !== null && K(e);
		}
		return this.ut = o, Me(e, c), P;
	}
});
// src/format.ts
function Ie(e, t) {
	if (e === null) return null;
	let n = Date.parse(e);
	return Number.isNaN(n) ? null : Math.max(0, Math.ceil((n - t) / 1e3));
}
function Le(e) {
	let t = Math.max(0, Math.floor(e)), n = Math.floor(t / 86400), r = Math.floor(t % 86400 / 3600), i = Math.floor(t % 3600 / 60), a = t % 60, o = (e) => String(e).padStart(2, "0"), s = r > 0 || n > 0 ? `${r}:${o(i)}:${o(a)}` : `${i}:${o(a)}`;
	return n > 0 ? `${n}d ${s}` : s;
}
function Re(e) {
	return e.expires_at === null ? e.remaining === null ? { kind: "held" } : {
		kind: "paused",
		seconds: e.remaining
	} : {
		kind: "countdown",
		expiresAt: e.expires_at
	};
}
function ze(e, t, n, r) {
	return e ? e.split("; ").map((e) => Ue(e, t, n, r)).join("; ") : "";
}
var Be = /^ignored trigger:(.+) \(quiet after vacate\)$/, Ve = "wasp";
function He(e, t) {
	return e.source_id === Ve ? t("source_wasp") : e.source_name;
}
function Ue(e, t, n, r) {
	let i = (e) => e === Ve ? t("source_wasp") : n(e), a = Be.exec(e);
	if (a) return t("reason_quiet", { source: i(a[1]) });
	let o = e.indexOf(":"), s = o < 0 ? e : e.slice(0, o), c = o < 0 ? "" : e.slice(o + 1);
	switch (s) {
		case "trigger": return i(c);
		case "clear": return t("reason_clear", { source: i(c) });
		case "expired": return t("reason_expired", { source: i(c) });
		case "vacate": return t("reason_vacate");
		case "child": return t("reason_child", { location: r(c) });
		case "parent": return t("reason_parent", { location: r(c) });
		case "lock": return t("reason_lock", { holder: c });
		case "unlock": return t("reason_unlock", { holder: c });
		case "restore": return t("reason_restore");
		case "config": return t("reason_config");
		case "ladder": return t("reason_ladder");
		default: return e;
	}
}
function We(e) {
	return Ge[e] ?? "mdi:help-circle-outline";
}
var Ge = {
	motion: "mdi:motion-sensor",
	presence: "mdi:radar",
	keep: "mdi:timer-sand",
	door: "mdi:door-open",
	state_door: "mdi:door",
	media: "mdi:television-play",
	occupant: "mdi:account",
	wasp: "mdi:bee",
	action: "mdi:gesture-tap",
	lock: "mdi:lock",
	child: "mdi:file-tree"
};
function Ke(e, t, n, r) {
	if (e === null) return "";
	let i = new Date(e);
	return Number.isNaN(i.getTime()) ? "" : Ye(n, new Date(t).toDateString() === i.toDateString(), r).format(i);
}
function qe(e) {
	if (e === "24") return !1;
	if (e === "am_pm") return !0;
	if (e === "system") return new Date(2023, 0, 1, 22).toLocaleTimeString(void 0).includes("10");
}
var Je = /* @__PURE__ */ new Map();
function Ye(e, t, n) {
	let r = `${e}|${t}|${n}`, i = Je.get(r);
	if (!i) {
		let a = t ? {
			hour: "numeric",
			minute: "2-digit"
		} : {
			weekday: "short",
			day: "numeric",
			month: "short",
			hour: "numeric",
			minute: "2-digit"
		}, o = qe(n);
		o !== void 0 && (a.hour12 = o);
		try {
			i = new Intl.DateTimeFormat(e, a);
		} catch {
			i = new Intl.DateTimeFormat("en", a);
		}
		Je.set(r, i);
	}
	return i;
}
// src/i18n.ts
var Xe = "occupancy_manager", Ze = {
	card_name: "Occupancy Manager",
	card_description: "A live picture of your home: who is where, why, and until when.",
	loading: "Loading…",
	no_home: "No Occupancy Manager home is loaded.",
	not_found: "This location no longer exists; choose another one in the card's settings.",
	empty: "No locations to show.",
	since: "since {time}",
	reason_clear: "{source} cleared",
	reason_expired: "{source} expired",
	reason_vacate: "vacated",
	reason_child: "via {location}",
	reason_parent: "follows {location}",
	reason_lock: "locked by {holder}",
	reason_unlock: "lock {holder} released",
	reason_restore: "restored after a restart",
	reason_config: "configuration changed",
	reason_ladder: "no recent activity",
	source_wasp: "Wasp in a box",
	reason_quiet: "{source} ignored (quiet after vacate)",
	contributions: "Why",
	held: "while on",
	held_child: "while occupied",
	paused: "paused, {time} left",
	occupants: "Who is there",
	locked_by: "Locked by {holders}",
	lock_until: "until {time}",
	lock_no_end: "until unlocked",
	problem: "Sources problem: {sources}",
	lock: "Lock",
	lock_for: "Lock for",
	unlock: "Unlock",
	vacate: "Vacate",
	duration_15m: "15 minutes",
	duration_1h: "1 hour",
	duration_4h: "4 hours",
	duration_none: "Until unlocked",
	lock_label: "Lock {name}",
	unlock_label: "Release the lock of {holder} on {name}",
	vacate_label: "Vacate {name}",
	row_label: "{name}: {state}",
	editor_location: "Location",
	editor_whole_home: "Whole home",
	editor_missing: "Deleted location",
	editor_show_contributions: "Show why (contributions)",
	editor_show_occupants: "Show who is there"
}, Qe = {
	occupied: "Occupied",
	recently_occupied: "Recently occupied",
	vacant: "Vacant",
	extended_vacant: "Extended vacancy"
};
function $e(e, t) {
	return e.replace(/\{(\w+)\}/g, (e, n) => t?.[n] ?? e);
}
function q(e) {
	return (t, n) => e?.localize?.(`component.occupancy_manager.selector.card.options.${t}`, n) || $e(Ze[t] ?? t, n);
}
function et(e, t) {
	return e?.localize?.(`component.occupancy_manager.entity.sensor.occupancy_state.state.${t}`) || Qe[t] || t;
}
async function tt(e) {
	e.loadBackendTranslation && await Promise.all([e.loadBackendTranslation("selector", Xe), e.loadBackendTranslation("entity", Xe)]);
}
// src/countdown.ts
var J = /* @__PURE__ */ new Set(), Y;
function nt() {
	let e = Date.now();
	for (let t of J) t.tick(e);
}
var rt = class extends HTMLElement {
	constructor(...e) {
		super(...e), this._until = null;
	}
	get until() {
		return this._until;
	}
	set until(e) {
		this._until = e, this.tick(Date.now());
	}
	connectedCallback() {
		this.setAttribute("role", "timer"), J.add(this), Y ??= setInterval(nt, 1e3), this.tick(Date.now());
	}
	disconnectedCallback() {
		J.delete(this), J.size === 0 && Y !== void 0 && (clearInterval(Y), Y = void 0);
	}
	tick(e) {
		let t = Ie(this._until, e), n = t === null ? "" : Le(t);
		this.textContent !== n && (this.textContent = n);
	}
};
customElements.get("occupancy-manager-countdown") || customElements.define("occupancy-manager-countdown", rt);
// src/icons.ts
var it = {
	"mdi:account": "M12,4A4,4 0 0,1 16,8A4,4 0 0,1 12,12A4,4 0 0,1 8,8A4,4 0 0,1 12,4M12,14C16.42,14 20,15.79 20,18V20H4V18C4,15.79 7.58,14 12,14Z",
	"mdi:account-multiple": "M16 17V19H2V17S2 13 9 13 16 17 16 17M12.5 7.5A3.5 3.5 0 1 0 9 11A3.5 3.5 0 0 0 12.5 7.5M15.94 13A5.32 5.32 0 0 1 18 17V19H22V17S22 13.37 15.94 13M15 4A3.39 3.39 0 0 0 13.07 4.59A5 5 0 0 1 13.07 10.41A3.39 3.39 0 0 0 15 11A3.5 3.5 0 0 0 15 4Z",
	"mdi:alert-circle": "M13,13H11V7H13M13,17H11V15H13M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2Z",
	"mdi:bee": "M17.4 9C17 7.8 16.2 7 15 6.5V5H14V6.4H13.6C12.5 6.4 11.6 6.8 10.8 7.6L10.4 8L9 7.5C8.7 7.4 8.4 7.3 8 7.3C7.4 7.3 6.8 7.5 6.3 7.9C5.7 8.3 5.4 8.8 5.2 9.3C5 10 5 10.6 5.2 11.3C5.5 12 5.8 12.5 6.3 12.8C5.9 14.3 6.2 15.6 7.3 16.7C8.1 17.5 9 17.9 10.1 17.9C10.6 17.9 10.9 17.9 11.2 17.8C11.8 18.6 12.6 19.1 13.6 19.1C13.9 19.1 14.3 19.1 14.6 19C15.2 18.8 15.6 18.4 16 17.9C16.4 17.3 16.6 16.8 16.6 16.2C16.6 15.8 16.6 15.5 16.5 15.2L16 13.6L16.6 13.2C17.4 12.4 17.8 11.3 17.7 10.1H19V9H17.4M7.7 11.3C7.1 11 6.9 10.6 7.1 10C7.3 9.4 7.7 9.2 8.3 9.4L11.5 10.6C9.9 11.4 8.7 11.6 7.7 11.3M14 16.9C13.4 17.1 13 16.9 12.7 16.3C12.4 15.3 12.6 14.1 13.4 12.5L14.6 15.6C14.8 16.3 14.6 16.7 14 16.9M15.2 11.6L14.6 10V9.9L14.3 9.6H14.2L12.6 9C13 8.7 13.4 8.5 13.9 8.5C14.4 8.5 14.9 8.7 15.3 9.1C15.7 9.5 15.9 9.9 15.9 10.4C15.7 10.7 15.5 11.2 15.2 11.6Z",
	"mdi:door": "M8,3C6.89,3 6,3.89 6,5V21H18V5C18,3.89 17.11,3 16,3H8M8,5H16V19H8V5M13,11V13H15V11H13Z",
	"mdi:door-open": "M12,3C10.89,3 10,3.89 10,5H3V19H2V21H22V19H21V5C21,3.89 20.11,3 19,3H12M12,5H19V19H12V5M5,11H7V13H5V11Z",
	"mdi:exit-run": "M13.34,8.17C12.41,8.17 11.65,7.4 11.65,6.47A1.69,1.69 0 0,1 13.34,4.78C14.28,4.78 15.04,5.54 15.04,6.47C15.04,7.4 14.28,8.17 13.34,8.17M10.3,19.93L4.37,18.75L4.71,17.05L8.86,17.9L10.21,11.04L8.69,11.64V14.5H7V10.54L11.4,8.67L12.07,8.59C12.67,8.59 13.17,8.93 13.5,9.44L14.36,10.79C15.04,12 16.39,12.82 18,12.82V14.5C16.14,14.5 14.44,13.67 13.34,12.4L12.84,14.94L14.61,16.63V23H12.92V17.9L11.14,16.21L10.3,19.93M21,23H19V3H6V16.11L4,15.69V1H21V23M6,23H4V19.78L6,20.2V23Z",
	"mdi:file-tree": "M3,3H9V7H3V3M15,10H21V14H15V10M15,17H21V21H15V17M13,13H7V18H13V20H7L5,20V9H7V11H13V13Z",
	"mdi:gesture-tap": "M10,9A1,1 0 0,1 11,8A1,1 0 0,1 12,9V13.47L13.21,13.6L18.15,15.79C18.68,16.03 19,16.56 19,17.14V21.5C18.97,22.32 18.32,22.97 17.5,23H11C10.62,23 10.26,22.85 10,22.57L5.1,18.37L5.84,17.6C6.03,17.39 6.3,17.28 6.58,17.28H6.8L10,19V9M11,5A4,4 0 0,1 15,9C15,10.5 14.2,11.77 13,12.46V11.24C13.61,10.69 14,9.89 14,9A3,3 0 0,0 11,6A3,3 0 0,0 8,9C8,9.89 8.39,10.69 9,11.24V12.46C7.8,11.77 7,10.5 7,9A4,4 0 0,1 11,5Z",
	"mdi:help-circle-outline": "M11,18H13V16H11V18M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2M12,20C7.59,20 4,16.41 4,12C4,7.59 7.59,4 12,4C16.41,4 20,7.59 20,12C20,16.41 16.41,20 12,20M12,6A4,4 0 0,0 8,10H10A2,2 0 0,1 12,8A2,2 0 0,1 14,10C14,12 11,11.75 11,15H13C13,12.75 16,12.5 16,10A4,4 0 0,0 12,6Z",
	"mdi:lock": "M12,17A2,2 0 0,0 14,15C14,13.89 13.1,13 12,13A2,2 0 0,0 10,15A2,2 0 0,0 12,17M18,8A2,2 0 0,1 20,10V20A2,2 0 0,1 18,22H6A2,2 0 0,1 4,20V10C4,8.89 4.9,8 6,8H7V6A5,5 0 0,1 12,1A5,5 0 0,1 17,6V8H18M12,3A3,3 0 0,0 9,6V8H15V6A3,3 0 0,0 12,3Z",
	"mdi:lock-open-variant": "M18 1C15.24 1 13 3.24 13 6V8H4C2.9 8 2 8.89 2 10V20C2 21.11 2.9 22 4 22H16C17.11 22 18 21.11 18 20V10C18 8.9 17.11 8 16 8H15V6C15 4.34 16.34 3 18 3C19.66 3 21 4.34 21 6V8H23V6C23 3.24 20.76 1 18 1M10 13C11.1 13 12 13.89 12 15C12 16.11 11.11 17 10 17C8.9 17 8 16.11 8 15C8 13.9 8.9 13 10 13Z",
	"mdi:motion-sensor": "M10,0.2C9,0.2 8.2,1 8.2,2C8.2,3 9,3.8 10,3.8C11,3.8 11.8,3 11.8,2C11.8,1 11,0.2 10,0.2M15.67,1A7.33,7.33 0 0,0 23,8.33V7A6,6 0 0,1 17,1H15.67M18.33,1C18.33,3.58 20.42,5.67 23,5.67V4.33C21.16,4.33 19.67,2.84 19.67,1H18.33M21,1A2,2 0 0,0 23,3V1H21M7.92,4.03C7.75,4.03 7.58,4.06 7.42,4.11L2,5.8V11H3.8V7.33L5.91,6.67L2,22H3.8L6.67,13.89L9,17V22H10.8V15.59L8.31,11.05L9.04,8.18L10.12,10H15V8.2H11.38L9.38,4.87C9.08,4.37 8.54,4.03 7.92,4.03Z",
	"mdi:radar": "M19.07,4.93L17.66,6.34C19.1,7.79 20,9.79 20,12A8,8 0 0,1 12,20A8,8 0 0,1 4,12C4,7.92 7.05,4.56 11,4.07V6.09C8.16,6.57 6,9.03 6,12A6,6 0 0,0 12,18A6,6 0 0,0 18,12C18,10.34 17.33,8.84 16.24,7.76L14.83,9.17C15.55,9.9 16,10.9 16,12A4,4 0 0,1 12,16A4,4 0 0,1 8,12C8,10.14 9.28,8.59 11,8.14V10.28C10.4,10.63 10,11.26 10,12A2,2 0 0,0 12,14A2,2 0 0,0 14,12C14,11.26 13.6,10.62 13,10.28V2H12A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12C22,9.24 20.88,6.74 19.07,4.93Z",
	"mdi:television-play": "M21,3H3C1.89,3 1,3.89 1,5V17A2,2 0 0,0 3,19H8V21H16V19H21A2,2 0 0,0 23,17V5C23,3.89 22.1,3 21,3M21,17H3V5H21M16,11L9,15V7",
	"mdi:timer-sand": "M6,2H18V8H18V8L14,12L18,16V16H18V22H6V16H6V16L10,12L6,8V8H6V2M16,16.5L12,12.5L8,16.5V20H16V16.5M12,11.5L16,7.5V4H8V7.5L12,11.5M10,6H14V6.75L12,8.75L10,6.75V6Z"
};
function X(e) {
	return N`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${it[e] ?? "M11,18H13V16H11V18M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2M12,20C7.59,20 4,16.41 4,12C4,7.59 7.59,4 12,4C16.41,4 20,7.59 20,12C20,16.41 16.41,20 12,20M12,6A4,4 0 0,0 8,10H10A2,2 0 0,1 12,8A2,2 0 0,1 14,10C14,12 11,11.75 11,15H13C13,12.75 16,12.5 16,10A4,4 0 0,0 12,6Z"}></path></svg>`;
}
// src/row.ts
var at = [
	["duration_15m", 900],
	["duration_1h", 3600],
	["duration_4h", 14400],
	["duration_none", 0]
];
function ot(e, t, n, r) {
	let i = n.t, a = n.stateName(e.state), o = e.since ? i("since", { time: n.moment(e.since) }) : "", s = ze(e.reason, i, (t) => e.contributions.find((e) => e.source_id === t)?.source_name ?? n.sourceName(t), n.locationName), c = e.entity_id, l = e.problem_sources.length ? i("problem", { sources: e.problem_sources.map(n.sourceName).join(", ") }) : "";
	return N`<div
    class="row ${e.state}"
    style="--depth: ${t}"
    role="listitem"
    aria-level=${t + 1}
    data-location=${e.id}
    aria-label=${i("row_label", {
		name: e.name,
		state: a
	})}
  >
    <div class="head">
      <span class="dot" aria-hidden="true"></span>
      ${c ? N`<button class="name" @click=${() => n.moreInfo(c)}>${e.name}</button>` : N`<span class="name">${e.name}</span>`}
      <span class="state">${a}</span>
      <span class="since">${o}</span>
      ${l ? N`<span class="problem" role="img" title=${l} aria-label=${l}
            >${X("mdi:alert-circle")}</span
          >` : F}
      ${c ? lt(e, c, n, r) : F}
    </div>
    ${s ? N`<div class="reason">${s}</div>` : F}
    ${n.showContributions && e.contributions.length ? N`<ul class="contributions" aria-label=${i("contributions")}>
          ${e.contributions.map((e) => st(e, i))}
        </ul>` : F}
    ${n.showOccupants && e.occupants.length ? N`<div class="occupants" aria-label=${i("occupants")}>
          ${X("mdi:account-multiple")}
          ${e.occupants.map((e) => N`<span class="chip">${e}</span>`)}
        </div>` : F}
    ${c && r ? ut(e, c, n) : F}
    ${e.locked_by.length ? ct(e, n) : F}
  </div>`;
}
function st(e, t) {
	let n = Re(e);
	return N`<li class="contribution">
    ${X(We(e.kind))}
    <span class="source">${He(e, t)}</span>
    ${e.occupant ? N`<span class="chip">${e.occupant}</span>` : F}
    <span class="remaining">
      ${n.kind === "countdown" ? N`<occupancy-manager-countdown .until=${n.expiresAt}></occupancy-manager-countdown>` : n.kind === "paused" ? t("paused", { time: Le(n.seconds) }) : t(e.kind === "child" ? "held_child" : "held")}
    </span>
  </li>`;
}
function ct(e, t) {
	let n = t.t, r = e.lock_until ? n("lock_until", { time: t.moment(e.lock_until) }) : n("lock_no_end");
	return N`<div class="locks">
    ${X("mdi:lock")}
    <span>${n("locked_by", { holders: e.locked_by.join(", ") })}</span>
    <span class="lock-end">${r}</span>
    ${e.locked_by.map((r) => N`<button
        class="unlock"
        aria-label=${n("unlock_label", {
		holder: r,
		name: e.name
	})}
        @click=${() => t.call("unlock", e.entity_id, { source_id: r })}
      >
        ${X("mdi:lock-open-variant")}${n("unlock")} ${r}
      </button>`)}
  </div>`;
}
function lt(e, t, n, r) {
	let i = n.t;
	return N`<span class="actions">
    <button
      class="lock"
      aria-label=${i("lock_label", { name: e.name })}
      aria-expanded=${r ? "true" : "false"}
      @click=${() => n.choose(r ? null : e.id)}
    >
      ${X("mdi:lock")}${i("lock")}
    </button>
    <button
      class="vacate"
      aria-label=${i("vacate_label", { name: e.name })}
      @click=${() => n.call("vacate", t)}
    >
      ${X("mdi:exit-run")}${i("vacate")}
    </button>
  </span>`;
}
function ut(e, t, n) {
	let r = n.t, i = (e) => {
		n.choose(null), n.call("lock", t, {
			source_id: n.holder,
			...e > 0 ? { duration: { seconds: e } } : {}
		});
	};
	return N`<div class="choices" role="group" aria-label=${r("lock_label", { name: e.name })}>
    <span>${r("lock_for")}</span>
    ${at.map(([e, t]) => N`<button class="duration" @click=${() => i(t)}>${r(e)}</button>`)}
  </div>`;
}
var dt = o`
  .row {
    /* Rows out of view skip layout and paint: 200 locations still draw at once. */
    content-visibility: auto;
    contain-intrinsic-size: auto 44px;
    --om-color: var(--state-inactive-color, var(--disabled-text-color, #9e9e9e));
    padding: 8px 12px 8px calc(12px + var(--depth, 0) * 20px);
    border-top: 1px solid var(--divider-color, rgba(0, 0, 0, 0.12));
    color: var(--primary-text-color);
  }
  .row.occupied {
    --om-color: var(--om-occupied-color, var(--state-active-color, var(--amber-color, #ffc107)));
  }
  .row.recently_occupied {
    --om-color: var(--om-recently-occupied-color, var(--orange-color, #ff9800));
  }
  .row.vacant {
    --om-color: var(--om-vacant-color, var(--state-inactive-color, var(--grey-color, #9e9e9e)));
  }
  .row.extended_vacant {
    --om-color: var(--om-extended-vacant-color, var(--disabled-color, #bdbdbd));
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
  }
  .dot {
    width: 12px;
    height: 12px;
    border-radius: 50%;
    background: var(--om-color);
    flex: none;
  }
  .extended_vacant .dot {
    background: transparent;
    border: 2px dashed var(--om-color);
    width: 8px;
    height: 8px;
  }
  .name {
    font-weight: 500;
  }
  /* A name without spaces breaks inside the card, not past its edge. */
  .name,
  .source,
  .chip {
    overflow-wrap: anywhere;
  }
  button.name {
    all: unset;
    font-weight: 500;
    overflow-wrap: anywhere;
    cursor: pointer;
    border-radius: 4px;
  }
  button.name:hover {
    text-decoration: underline;
  }
  .state {
    color: var(--om-color);
    font-weight: 500;
  }
  .occupied .state,
  .recently_occupied .state {
    filter: brightness(0.85);
  }
  .since,
  .reason,
  .lock-end,
  .remaining {
    color: var(--secondary-text-color);
    font-size: 0.9em;
  }
  .reason {
    margin: 2px 0 0 20px;
  }
  .problem {
    color: var(--error-color, #db4437);
    --mdc-icon-size: 18px;
  }
  ul.contributions {
    list-style: none;
    margin: 4px 0 0 20px;
    padding: 0;
  }
  .contribution,
  .occupants,
  .locks {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    --mdc-icon-size: 18px;
    min-height: 24px;
  }
  .occupants,
  .locks {
    margin: 4px 0 0 20px;
  }
  .locks {
    color: var(--warning-color, #ffa600);
  }
  .locks span:first-of-type {
    color: var(--primary-text-color);
  }
  .remaining {
    font-variant-numeric: tabular-nums;
    margin-left: auto;
  }
  .chip {
    border-radius: 10px;
    padding: 0 8px;
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.15));
    font-size: 0.85em;
  }
  .actions {
    display: inline-flex;
    gap: 6px;
    margin-left: auto;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin: 6px 0 0 20px;
    font-size: 0.9em;
    color: var(--secondary-text-color);
  }
  .icon {
    width: var(--mdc-icon-size, 18px);
    height: var(--mdc-icon-size, 18px);
    fill: currentColor;
    flex: none;
  }
  button,
  select {
    font: inherit;
    font-size: 0.85em;
    color: var(--primary-text-color);
    background: var(--secondary-background-color, transparent);
    border: 1px solid var(--divider-color, rgba(0, 0, 0, 0.2));
    border-radius: 8px;
    padding: 4px 8px;
    min-height: 32px;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 4px;
    --mdc-icon-size: 16px;
  }
  button:hover {
    border-color: var(--primary-color);
  }
  button:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--primary-color, #03a9f4);
    outline-offset: 2px;
  }
  @container om (max-width: 450px) {
    .row {
      padding-left: calc(8px + var(--depth, 0) * 12px);
      padding-right: 8px;
    }
    .reason,
    ul.contributions,
    .occupants,
    .locks,
    .choices {
      margin-left: 8px;
    }
    .actions {
      margin-left: 20px;
    }
  }
`;
// src/tree.ts
function ft(e, t) {
	let n = new Map(t.full || t.ended ? [] : e);
	for (let e of t.removed ?? []) n.delete(e);
	for (let e of t.locations) n.set(e.id, e);
	return n;
}
function pt(e, t) {
	let n = /* @__PURE__ */ new Map();
	for (let t of e.values()) {
		let r = t.parent !== null && e.has(t.parent) ? t.parent : null, i = n.get(r);
		i ? i.push(t) : n.set(r, [t]);
	}
	for (let e of n.values()) e.sort(mt);
	let r = [], i = /* @__PURE__ */ new Set(), a = (e, t) => {
		if (!i.has(e.id)) {
			i.add(e.id), r.push({
				location: e,
				depth: t
			});
			for (let r of n.get(e.id) ?? []) a(r, t + 1);
		}
	}, o = t === void 0 ? void 0 : e.get(t);
	if (t !== void 0) return o && a(o, 0), r;
	for (let e of n.get(null) ?? []) a(e, 0);
	return r;
}
function mt(e, t) {
	return e.name.localeCompare(t.name) || e.id.localeCompare(t.id);
}
// src/card.ts
var Z, ht = "occupancy-manager-card", gt = 1e3, _t = 2e3, vt = 5, yt = 24, Q = class extends U {
	constructor() {
		super(), this.rowRenders = /* @__PURE__ */ new Map(), this._rows = [], this._limit = Infinity, this._failures = 0, this._home = /* @__PURE__ */ new Map(), this._status = "loading", this._choosing = null;
	}
	static getConfigElement() {
		return document.createElement("occupancy-manager-card-editor");
	}
	static getStubConfig() {
		return {
			type: `custom:${ht}`,
			show_contributions: !0,
			show_occupants: !0
		};
	}
	setConfig(e) {
		if (!e || typeof e != "object") throw Error("Invalid configuration");
		if (e.location_id !== void 0 && typeof e.location_id != "string") throw Error("location_id must be a location id");
		let t = this._config?.location_id;
		this._config = {
			show_contributions: !0,
			show_occupants: !0,
			...e
		}, this._unsubscribe && t !== e.location_id && this._resubscribe(0), this._ctx = void 0;
	}
	getCardSize() {
		return 1 + Math.max(1, this._rows.length);
	}
	getGridOptions() {
		return {
			columns: 12,
			min_columns: 6,
			min_rows: 2
		};
	}
	connectedCallback() {
		super.connectedCallback(), this.hass && this._config && this._subscribe();
	}
	disconnectedCallback() {
		super.disconnectedCallback(), this._unsubscribeNow();
	}
	willUpdate(e) {
		e.has("hass") && this.hass && (this.hass.language !== this._language && (this._language = this.hass.language, tt(this.hass)), (this.hass.localize !== this._localize || this.hass.locale !== this._locale) && (this._localize = this.hass.localize, this._locale = this.hass.locale, this._ctx = void 0), !this._unsubscribe && this._config && this.isConnected && this._subscribe()), !this._ctx && this.hass && this._config && (this._ctx = this._context()), (e.has("_home") || e.has("_config")) && (this._rows = pt(this._home, this._config?.location_id));
	}
	updated(e) {
		this.firstMessageAt !== void 0 && this.firstRenderedAt === void 0 && (this.firstRenderedAt = performance.now()), e.has("_choosing") && this._choosing && this.renderRoot.querySelector("button.duration")?.focus();
	}
	_context() {
		let e = this.hass, t = this._config, n = q(e), r = e.locale?.language ?? e.language ?? "en";
		return {
			t: n,
			stateName: (e) => et(this.hass, e),
			moment: (t) => Ke(t, Date.now(), r, e.locale?.time_format),
			sourceName: (e) => {
				let t = this.hass?.states[e]?.attributes.friendly_name;
				return typeof t == "string" ? t : e;
			},
			locationName: (e) => this._home.get(e)?.name ?? e,
			call: (e, t, n) => {
				this.hass?.callService("occupancy_manager", e, n ?? {}, { entity_id: t });
			},
			choose: (e) => this._choosing = e,
			moreInfo: (e) => this.dispatchEvent(new CustomEvent("hass-more-info", {
				detail: { entityId: e },
				bubbles: !0,
				composed: !0
			})),
			holder: e.user?.name || "card",
			showContributions: t.show_contributions !== !1,
			showOccupants: t.show_occupants !== !1
		};
	}
	_subscribe() {
		if (this._unsubscribe || !this.hass) return;
		let e = this._config?.location_id, t = { type: "occupancy_manager/subscribe" };
		e && (t.location_id = e), this._unsubscribe = this.hass.connection.subscribeMessage((e) => this._onMessage(e), t).catch((t) => {
			if (this._unsubscribe = void 0, this._failures += 1, this._status !== "ready" || this._failures >= vt) {
				let n = !!e && /Unknown location/.test(t?.message ?? "");
				this._status = n ? "not_found" : "no_home", this._home = /* @__PURE__ */ new Map();
			}
			this._resubscribe(_t);
		});
	}
	_onMessage(e) {
		if (e.full && this.firstMessageAt === void 0 && (this.firstMessageAt = performance.now()), e.full && e.locations.length > yt && (this._limit = yt, requestAnimationFrame(() => setTimeout(() => {
			this._limit = Infinity, this.requestUpdate();
		}))), e.ended) {
			this._resubscribe(gt);
			return;
		}
		this._failures = 0, this._home = ft(this._home, e);
		let t = this._config?.location_id, n = t !== void 0 && !this._home.has(t) && (this._status === "not_found" || (e.removed ?? []).includes(t));
		this._status = n ? "not_found" : "ready";
	}
	_resubscribe(e) {
		this._unsubscribeNow(), this._retry = setTimeout(() => {
			this._retry = void 0, this.isConnected && this._subscribe();
		}, e);
	}
	_unsubscribeNow() {
		this._retry !== void 0 && clearTimeout(this._retry), this._retry = void 0;
		let e = this._unsubscribe;
		this._unsubscribe = void 0, e?.then((e) => e?.()).catch(() => void 0);
	}
	render() {
		let e = q(this.hass);
		return N`<ha-card>
      <h1 class="card-header" id="title">${this._config?.location_id ? this._home.get(this._config.location_id)?.name ?? e("card_name") : e("card_name")}</h1>
      <div class="tree" role="list" aria-labelledby="title">${this._body(e)}</div>
    </ha-card>`;
	}
	_body(e) {
		if (this._status !== "ready") return N`<p class="status">${e(this._status === "loading" ? "loading" : this._status)}</p>`;
		if (!this._rows.length || !this._ctx) return N`<p class="status">${e("empty")}</p>`;
		let t = this._ctx, n = this._choosing;
		return N`${Fe(this._limit < this._rows.length ? this._rows.slice(0, this._limit) : this._rows, (e) => e.location.id, ({ location: e, depth: r }) => De([
			e,
			r,
			t,
			n === e.id
		], () => (this.rowRenders.set(e.id, (this.rowRenders.get(e.id) ?? 0) + 1), ot(e, r, t, n === e.id))))}`;
	}
};
Z = Q, Z.properties = {
	hass: { attribute: !1 },
	_config: { state: !0 },
	_home: { state: !0 },
	_status: { state: !0 },
	_ctx: { state: !0 },
	_choosing: { state: !0 }
}, Z.styles = [dt, o`
    :host {
      display: block;
    }
    ha-card {
      overflow: hidden;
      padding-bottom: 4px;
    }
    .card-header {
      margin: 0;
      padding: 12px 16px 8px;
      font-size: var(--ha-card-header-font-size, 1.3em);
      font-weight: var(--ha-card-header-font-weight, 400);
      color: var(--ha-card-header-color, var(--primary-text-color));
      line-height: 1.4;
    }
    .tree {
      container: om / inline-size;
    }
    .status {
      margin: 0;
      padding: 8px 16px 12px;
      color: var(--secondary-text-color);
    }
  `], customElements.get("occupancy-manager-card") || customElements.define(ht, Q);
// src/editor.ts
var $, bt = class extends U {
	constructor() {
		super(), this._home = /* @__PURE__ */ new Map();
	}
	setConfig(e) {
		this._config = e;
	}
	disconnectedCallback() {
		super.disconnectedCallback(), this._unsubscribeNow();
	}
	willUpdate() {
		this.hass && !this._unsubscribe && this._retry === void 0 && this.isConnected && (this._unsubscribe = this.hass.connection.subscribeMessage((e) => {
			e.ended ? this._subscribeAgain(gt) : this._home = ft(this._home, e);
		}, { type: "occupancy_manager/subscribe" }).catch(() => {
			this._subscribeAgain(_t);
		}));
	}
	_subscribeAgain(e) {
		this._unsubscribeNow(), this._retry = setTimeout(() => {
			this._retry = void 0, this.requestUpdate();
		}, e);
	}
	_unsubscribeNow() {
		this._retry !== void 0 && clearTimeout(this._retry), this._retry = void 0;
		let e = this._unsubscribe;
		this._unsubscribe = void 0, e?.then((e) => e?.()).catch(() => void 0);
	}
	_changed(e) {
		let t = {
			...this._config,
			...e
		};
		t.location_id || delete t.location_id, this._config = t, this.dispatchEvent(new CustomEvent("config-changed", {
			detail: { config: t },
			bubbles: !0,
			composed: !0
		}));
	}
	render() {
		let e = q(this.hass), t = this._config ?? { type: "" }, n = pt(this._home), r = t.location_id !== void 0 && this._home.size > 0 && !this._home.has(t.location_id);
		return N`<div class="editor">
      <label>
        <span>${e("editor_location")}</span>
        <select
          id="location"
          @change=${(e) => this._changed({ location_id: e.target.value || void 0 })}
        >
          ${r ? N`<option value=${t.location_id} selected disabled>${e("editor_missing")}</option>` : F}
          <option value="" ?selected=${!t.location_id}>${e("editor_whole_home")}</option>
          ${n.map(({ location: e, depth: n }) => N`<option value=${e.id} ?selected=${t.location_id === e.id}>
                ${" ".repeat(n)}${e.name}
              </option>`)}
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          id="show_contributions"
          .checked=${t.show_contributions !== !1}
          @change=${(e) => this._changed({ show_contributions: e.target.checked })}
        />
        <span>${e("editor_show_contributions")}</span>
      </label>
      <label class="check">
        <input
          type="checkbox"
          id="show_occupants"
          .checked=${t.show_occupants !== !1}
          @change=${(e) => this._changed({ show_occupants: e.target.checked })}
        />
        <span>${e("editor_show_occupants")}</span>
      </label>
    </div>`;
	}
};
$ = bt, $.properties = {
	hass: { attribute: !1 },
	_config: { state: !0 },
	_home: { state: !0 }
}, $.styles = o`
    .editor {
      display: flex;
      flex-direction: column;
      gap: 12px;
      color: var(--primary-text-color);
    }
    label {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    label.check {
      flex-direction: row;
      align-items: center;
      gap: 8px;
    }
    select {
      font: inherit;
      padding: 8px;
      border-radius: 4px;
      color: var(--primary-text-color);
      background: var(--card-background-color, transparent);
      border: 1px solid var(--divider-color, #ccc);
    }
    select:focus-visible,
    input:focus-visible {
      outline: 2px solid var(--primary-color, #03a9f4);
      outline-offset: 2px;
    }
  `, customElements.get("occupancy-manager-card-editor") || customElements.define("occupancy-manager-card-editor", bt);
