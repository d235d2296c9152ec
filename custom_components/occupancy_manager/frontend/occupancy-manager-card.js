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
var y = globalThis, ae = (e) => e, b = y.trustedTypes, oe = b ? b.createPolicy("lit-html", { createHTML: (e) => e }) : void 0, x = "$lit$", S = `lit$${Math.random().toFixed(9).slice(2)}$`, C = "?" + S, se = `<${C}>`, w = document, T = () => w.createComment(""), E = (e) => e === null || typeof e != "object" && typeof e != "function", D = Array.isArray, ce = (e) => D(e) || typeof e?.[Symbol.iterator] == "function", O = "[ 	\n\f\r]", k = /<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g, le = /-->/g, ue = />/g, A = RegExp(`>|${O}(?:([^\\s"'>=/]+)(${O}*=${O}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`, "g"), j = /'/g, de = /"/g, fe = /^(?:script|style|textarea|title)$/i, M = ((e) => (t, ...n) => ({
	_$litType$: e,
	strings: t,
	values: n
}))(1), N = Symbol.for("lit-noChange"), P = Symbol.for("lit-nothing"), pe = /* @__PURE__ */ new WeakMap(), F = w.createTreeWalker(w, 129);
function me(e, t) {
	if (!D(e) || !e.hasOwnProperty("raw")) throw Error("invalid template strings array");
	return oe === void 0 ? t : oe.createHTML(t);
}
var he = (e, t) => {
	let n = e.length - 1, r = [], i, a = t === 2 ? "<svg>" : t === 3 ? "<math>" : "", o = k;
	for (let t = 0; t < n; t++) {
		let n = e[t], s, c, l = -1, u = 0;
		for (; u < n.length && (o.lastIndex = u, c = o.exec(n), c !== null);) u = o.lastIndex, o === k ? c[1] === "!--" ? o = le : c[1] === void 0 ? c[2] === void 0 ? c[3] !== void 0 && (o = A) : (fe.test(c[2]) && (i = RegExp("</" + c[2], "g")), o = A) : o = ue : o === A ? c[0] === ">" ? (o = i ?? k, l = -1) : c[1] === void 0 ? l = -2 : (l = o.lastIndex - c[2].length, s = c[1], o = c[3] === void 0 ? A : c[3] === "\"" ? de : j) : o === de || o === j ? o = A : o === le || o === ue ? o = k : (o = A, i = void 0);
		let d = o === A && e[t + 1].startsWith("/>") ? " " : "";
		a += o === k ? n + se : l >= 0 ? (r.push(s), n.slice(0, l) + x + n.slice(l) + S + d) : n + S + (l === -2 ? t : d);
	}
	return [me(e, a + (e[n] || "<?>") + (t === 2 ? "</svg>" : t === 3 ? "</math>" : "")), r];
}, I = class e {
	constructor({ strings: t, _$litType$: n }, r) {
		let i;
		this.parts = [];
		let a = 0, o = 0, s = t.length - 1, c = this.parts, [l, u] = he(t, n);
		if (this.el = e.createElement(l, r), F.currentNode = this.el.content, n === 2 || n === 3) {
			let e = this.el.content.firstChild;
			e.replaceWith(...e.childNodes);
		}
		for (; (i = F.nextNode()) !== null && c.length < s;) {
			if (i.nodeType === 1) {
				if (i.hasAttributes()) for (let e of i.getAttributeNames()) if (e.endsWith(x)) {
					let t = u[o++], n = i.getAttribute(e).split(S), r = /([.?@])?(.*)/.exec(t);
					c.push({
						type: 1,
						index: a,
						name: r[2],
						strings: n,
						ctor: r[1] === "." ? ge : r[1] === "?" ? _e : r[1] === "@" ? ve : B
					}), i.removeAttribute(e);
				} else e.startsWith(S) && (c.push({
					type: 6,
					index: a
				}), i.removeAttribute(e));
				if (fe.test(i.tagName)) {
					let e = i.textContent.split(S), t = e.length - 1;
					if (t > 0) {
						i.textContent = b ? b.emptyScript : "";
						for (let n = 0; n < t; n++) i.append(e[n], T()), F.nextNode(), c.push({
							type: 2,
							index: ++a
						});
						i.append(e[t], T());
					}
				}
			} else if (i.nodeType === 8) {
				if (i.data === C) c.push({
					type: 2,
					index: a
				});
				else {
					let e = -1;
					for (; (e = i.data.indexOf(S, e + 1)) !== -1;) c.push({
						type: 7,
						index: a
					}), e += S.length - 1;
				}
			}
			a++;
		}
	}
	static createElement(e, t) {
		let n = w.createElement("template");
		return n.innerHTML = e, n;
	}
};
function L(e, t, n = e, r) {
	if (t === N) return t;
	let i = r === void 0 ? n._$Cl : n._$Co?.[r], a = E(t) ? void 0 : t._$litDirective$;
	return i?.constructor !== a && (i?._$AO?.(!1), a === void 0 ? i = void 0 : (i = new a(e), i._$AT(e, n, r)), r === void 0 ? n._$Cl = i : (n._$Co ??= [])[r] = i), i !== void 0 && (t = L(e, i._$AS(e, t.values), i, r)), t;
}
var R = class {
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
		let { el: { content: t }, parts: n } = this._$AD, r = (e?.creationScope ?? w).importNode(t, !0);
		F.currentNode = r;
		let i = F.nextNode(), a = 0, o = 0, s = n[0];
		for (; s !== void 0;) {
			if (a === s.index) {
				let t;
				s.type === 2 ? t = new z(i, i.nextSibling, this, e) : s.type === 1 ? t = new s.ctor(i, s.name, s.strings, this, e) : s.type === 6 && (t = new ye(i, this, e)), this._$AV.push(t), s = n[++o];
			}
			a !== s?.index && (i = F.nextNode(), a++);
		}
		return F.currentNode = w, r;
	}
	p(e) {
		let t = 0;
		for (let n of this._$AV) n !== void 0 && (n.strings === void 0 ? n._$AI(e[t]) : (n._$AI(e, n, t), t += n.strings.length - 2)), t++;
	}
}, z = class e {
	get _$AU() {
		return this._$AM?._$AU ?? this._$Cv;
	}
	constructor(e, t, n, r) {
		this.type = 2, this._$AH = P, this._$AN = void 0, this._$AA = e, this._$AB = t, this._$AM = n, this.options = r, this._$Cv = r?.isConnected ?? !0;
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
		e = L(this, e, t), E(e) ? e === P || e == null || e === "" ? (this._$AH !== P && this._$AR(), this._$AH = P) : e !== this._$AH && e !== N && this._(e) : e._$litType$ === void 0 ? e.nodeType === void 0 ? ce(e) ? this.k(e) : this._(e) : this.T(e) : this.$(e);
	}
	O(e) {
		return this._$AA.parentNode.insertBefore(e, this._$AB);
	}
	T(e) {
		this._$AH !== e && (this._$AR(), this._$AH = this.O(e));
	}
	_(e) {
		this._$AH !== P && E(this._$AH) ? this._$AA.nextSibling.data = e : this.T(w.createTextNode(e)), this._$AH = e;
	}
	$(e) {
		let { values: t, _$litType$: n } = e, r = typeof n == "number" ? this._$AC(e) : (n.el === void 0 && (n.el = I.createElement(me(n.h, n.h[0]), this.options)), n);
		if (this._$AH?._$AD === r) this._$AH.p(t);
		else {
			let e = new R(r, this), n = e.u(this.options);
			e.p(t), this.T(n), this._$AH = e;
		}
	}
	_$AC(e) {
		let t = pe.get(e.strings);
		return t === void 0 && pe.set(e.strings, t = new I(e)), t;
	}
	k(t) {
		D(this._$AH) || (this._$AH = [], this._$AR());
		let n = this._$AH, r, i = 0;
		for (let a of t) i === n.length ? n.push(r = new e(this.O(T()), this.O(T()), this, this.options)) : r = n[i], r._$AI(a), i++;
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
}, B = class {
	get tagName() {
		return this.element.tagName;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	constructor(e, t, n, r, i) {
		this.type = 1, this._$AH = P, this._$AN = void 0, this.element = e, this.name = t, this._$AM = r, this.options = i, n.length > 2 || n[0] !== "" || n[1] !== "" ? (this._$AH = Array(n.length - 1).fill(/* @__PURE__ */ new String()), this.strings = n) : this._$AH = P;
	}
	_$AI(e, t = this, n, r) {
		let i = this.strings, a = !1;
		if (i === void 0) e = L(this, e, t, 0), a = !E(e) || e !== this._$AH && e !== N, a && (this._$AH = e);
		else {
			let r = e, o, s;
			for (e = i[0], o = 0; o < i.length - 1; o++) s = L(this, r[n + o], t, o), s === N && (s = this._$AH[o]), a ||= !E(s) || s !== this._$AH[o], s === P ? e = P : e !== P && (e += (s ?? "") + i[o + 1]), this._$AH[o] = s;
		}
		a && !r && this.j(e);
	}
	j(e) {
		e === P ? this.element.removeAttribute(this.name) : this.element.setAttribute(this.name, e ?? "");
	}
}, ge = class extends B {
	constructor() {
		super(...arguments), this.type = 3;
	}
	j(e) {
		this.element[this.name] = e === P ? void 0 : e;
	}
}, _e = class extends B {
	constructor() {
		super(...arguments), this.type = 4;
	}
	j(e) {
		this.element.toggleAttribute(this.name, !!e && e !== P);
	}
}, ve = class extends B {
	constructor(e, t, n, r, i) {
		super(e, t, n, r, i), this.type = 5;
	}
	_$AI(e, t = this) {
		if ((e = L(this, e, t, 0) ?? P) === N) return;
		let n = this._$AH, r = e === P && n !== P || e.capture !== n.capture || e.once !== n.once || e.passive !== n.passive, i = e !== P && (n === P || r);
		r && this.element.removeEventListener(this.name, this, n), i && this.element.addEventListener(this.name, this, e), this._$AH = e;
	}
	handleEvent(e) {
		typeof this._$AH == "function" ? this._$AH.call(this.options?.host ?? this.element, e) : this._$AH.handleEvent(e);
	}
}, ye = class {
	constructor(e, t, n) {
		this.element = e, this.type = 6, this._$AN = void 0, this._$AM = t, this.options = n;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	_$AI(e) {
		L(this, e);
	}
}, be = {
	M: x,
	P: S,
	A: C,
	C: 1,
	L: he,
	R,
	D: ce,
	V: L,
	I: z,
	H: B,
	N: _e,
	U: ve,
	B: ge,
	F: ye
};
(0, y.litHtmlPolyfillSupport)?.(I, z), (y.litHtmlVersions ??= []).push("3.3.3");
var xe = (e, t, n) => {
	let r = n?.renderBefore ?? t, i = r._$litPart$;
	if (i === void 0) {
		let e = n?.renderBefore ?? null;
		r._$litPart$ = i = new z(t.insertBefore(T(), e), e, void 0, n ?? {});
	}
	return i._$AI(e), i;
}, V = globalThis, H = class extends v {
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
		return N;
	}
};
H._$litElement$ = !0, H.finalized = !0, V.litElementHydrateSupport?.({ LitElement: H }), (0, V.litElementPolyfillSupport)?.({ LitElement: H }), (V.litElementVersions ??= []).push("4.2.2");
// node_modules/lit-html/directive.js
var Se = {
	ATTRIBUTE: 1,
	CHILD: 2,
	PROPERTY: 3,
	BOOLEAN_ATTRIBUTE: 4,
	EVENT: 5,
	ELEMENT: 6
}, Ce = (e) => (...t) => ({
	_$litDirective$: e,
	values: t
}), we = class {
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
}, { I: Te } = be, Ee = (e) => e, De = () => document.createComment(""), U = (e, t, n) => {
	let r = e._$AA.parentNode, i = t === void 0 ? e._$AB : t._$AA;
	if (n === void 0) n = new Te(r.insertBefore(De(), i), r.insertBefore(De(), i), e, e.options);
	else {
		let t = n._$AB.nextSibling, a = n._$AM, o = a !== e;
		if (o) {
			let t;
			n._$AQ?.(e), n._$AM = e, n._$AP !== void 0 && (t = e._$AU) !== a._$AU && n._$AP(t);
		}
		if (t !== i || o) {
			let e = n._$AA;
			for (; e !== t;) {
				let t = Ee(e).nextSibling;
				Ee(r).insertBefore(e, i), e = t;
			}
		}
	}
	return n;
}, W = (e, t, n = e) => (e._$AI(t, n), e), Oe = {}, ke = (e, t = Oe) => e._$AH = t, Ae = (e) => e._$AH, G = (e) => {
	e._$AR(), e._$AA.remove();
}, je = (e, t, n) => {
	let r = /* @__PURE__ */ new Map();
	for (let i = t; i <= n; i++) r.set(e[i], i);
	return r;
}, Me = Ce(class extends we {
	constructor(e) {
		if (super(e), e.type !== Se.CHILD) throw Error("repeat() can only be used in text expressions");
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
		let i = Ae(e), { values: a, keys: o } = this.dt(t, n, r);
		if (!Array.isArray(i)) return this.ut = o, a;
		let s = this.ut ??= [], c = [], l, u, d = 0, f = i.length - 1, p = 0, m = a.length - 1;
		for (; d <= f && p <= m;) if (i[d] === null) d++;
		else if (i[f] === null) f--;
		else if (s[d] === o[p]) c[p] = W(i[d], a[p]), d++, p++;
		else if (s[f] === o[m]) c[m] = W(i[f], a[m]), f--, m--;
		else if (s[d] === o[m]) c[m] = W(i[d], a[m]), U(e, c[m + 1], i[d]), d++, m--;
		else if (s[f] === o[p]) c[p] = W(i[f], a[p]), U(e, i[d], i[f]), f--, p++;
		else if (l === void 0 && (l = je(o, p, m), u = je(s, d, f)), l.has(s[d])) {
			if (l.has(s[f])) {
				let t = u.get(o[p]), n = t === void 0 ? null : i[t];
				if (n === null) {
					let t = U(e, i[d]);
					W(t, a[p]), c[p] = t;
				} else c[p] = W(n, a[p]), U(e, i[d], n), i[t] = null;
				p++;
			} else G(i[f]), f--;
		} else G(i[d]), d++;
		for (; p <= m;) {
			let t = U(e, c[m + 1]);
			W(t, a[p]), c[p++] = t;
		}
		for (; d <= f;) {
			let e = i[d++];
			e !== null && G(e);
		}
		return this.ut = o, ke(e, c), N;
	}
});
// src/format.ts
function Ne(e, t) {
	if (e === null) return null;
	let n = Date.parse(e);
	return Number.isNaN(n) ? null : Math.max(0, Math.ceil((n - t) / 1e3));
}
function Pe(e) {
	let t = Math.max(0, Math.floor(e)), n = Math.floor(t / 86400), r = Math.floor(t % 86400 / 3600), i = Math.floor(t % 3600 / 60), a = t % 60, o = (e) => String(e).padStart(2, "0"), s = r > 0 || n > 0 ? `${r}:${o(i)}:${o(a)}` : `${i}:${o(a)}`;
	return n > 0 ? `${n}d ${s}` : s;
}
function Fe(e) {
	return e.expires_at === null ? e.remaining === null ? { kind: "held" } : {
		kind: "paused",
		seconds: e.remaining
	} : {
		kind: "countdown",
		expiresAt: e.expires_at
	};
}
function Ie(e, t, n, r) {
	return e ? e.split("; ").map((e) => Re(e, t, n, r)).join("; ") : "";
}
var Le = /^ignored trigger:(.+) \(quiet after vacate\)$/;
function Re(e, t, n, r) {
	let i = Le.exec(e);
	if (i) return t("reason_quiet", { source: n(i[1]) });
	let a = e.indexOf(":"), o = a < 0 ? e : e.slice(0, a), s = a < 0 ? "" : e.slice(a + 1);
	switch (o) {
		case "trigger": return n(s);
		case "clear": return t("reason_clear", { source: n(s) });
		case "expired": return t("reason_expired", { source: n(s) });
		case "vacate": return t("reason_vacate");
		case "child": return t("reason_child", { location: r(s) });
		case "parent": return t("reason_parent", { location: r(s) });
		case "lock": return t("reason_lock", { holder: s });
		case "unlock": return t("reason_unlock", { holder: s });
		case "restore": return t("reason_restore");
		case "config": return t("reason_config");
		default: return e;
	}
}
function ze(e) {
	return Be[e] ?? "mdi:help-circle-outline";
}
var Be = {
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
function Ve(e, t, n) {
	if (e === null) return "";
	let r = new Date(e);
	if (Number.isNaN(r.getTime())) return "";
	let i = new Date(t).toDateString() === r.toDateString() ? {
		hour: "numeric",
		minute: "2-digit"
	} : {
		weekday: "short",
		day: "numeric",
		month: "short",
		hour: "numeric",
		minute: "2-digit"
	};
	try {
		return new Intl.DateTimeFormat(n, i).format(r);
	} catch {
		return new Intl.DateTimeFormat("en", i).format(r);
	}
}
// src/i18n.ts
var He = "occupancy_manager", K = {
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
	reason_quiet: "{source} ignored (quiet after vacate)",
	contributions: "Why",
	held: "while on",
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
	editor_show_contributions: "Show why (contributions)",
	editor_show_occupants: "Show who is there"
}, Ue = {
	occupied: "Occupied",
	recently_occupied: "Recently occupied",
	vacant: "Vacant",
	extended_vacant: "Extended vacancy"
};
function We(e, t) {
	return e.replace(/\{(\w+)\}/g, (e, n) => t?.[n] ?? e);
}
function q(e) {
	return (t, n) => e?.localize?.(`component.occupancy_manager.selector.card.options.${t}`, n) || We(K[t] ?? t, n);
}
function Ge(e, t) {
	return e?.localize?.(`component.occupancy_manager.entity.sensor.occupancy_state.state.${t}`) || Ue[t] || t;
}
async function Ke(e) {
	e.loadBackendTranslation && await Promise.all([e.loadBackendTranslation("selector", He), e.loadBackendTranslation("entity", He)]);
}
// src/countdown.ts
var J = /* @__PURE__ */ new Set(), Y;
function qe() {
	let e = Date.now();
	for (let t of J) t.tick(e);
}
var Je = class extends HTMLElement {
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
		this.setAttribute("role", "timer"), J.add(this), Y ??= setInterval(qe, 1e3), this.tick(Date.now());
	}
	disconnectedCallback() {
		J.delete(this), J.size === 0 && Y !== void 0 && (clearInterval(Y), Y = void 0);
	}
	tick(e) {
		let t = Ne(this._until, e), n = t === null ? "" : Pe(t);
		this.textContent !== n && (this.textContent = n);
	}
};
customElements.get("occupancy-manager-countdown") || customElements.define("occupancy-manager-countdown", Je);
// src/row.ts
var X, Ye = [
	["duration_1h", 3600],
	["duration_15m", 900],
	["duration_4h", 14400],
	["duration_none", 0]
], Xe = class extends H {
	constructor() {
		super(), this.renderCount = 0, this.depth = 0;
	}
	render() {
		let e = this.location, t = this.ctx;
		if (!e || !t) return P;
		this.renderCount += 1;
		let n = t.t, r = t.stateName(e.state), i = e.since ? n("since", { time: t.moment(e.since) }) : "", a = Ie(e.reason, n, (n) => e.contributions.find((e) => e.source_id === n)?.source_name ?? t.sourceName(n), t.locationName), o = e.entity_id;
		return M`
      <div
        class="row ${e.state}"
        style="--depth: ${this.depth}"
        role="group"
        aria-label=${n("row_label", {
			name: e.name,
			state: r
		})}
      >
        <div class="head">
          <span class="dot" aria-hidden="true"></span>
          <span class="name">${e.name}</span>
          <span class="state">${r}</span>
          <span class="since">${i}</span>
          ${e.problem_sources.length ? M`<span
                class="problem"
                role="img"
                title=${n("problem", { sources: e.problem_sources.map(t.sourceName).join(", ") })}
                aria-label=${n("problem", { sources: e.problem_sources.map(t.sourceName).join(", ") })}
                ><ha-icon icon="mdi:alert-circle"></ha-icon
              ></span>` : P}
        </div>
        ${a ? M`<div class="reason">${a}</div>` : P}
        ${t.showContributions && e.contributions.length ? M`<ul class="contributions" aria-label=${n("contributions")}>
              ${e.contributions.map((e) => this._contribution(e))}
            </ul>` : P}
        ${t.showOccupants && e.occupants.length ? M`<div class="occupants" aria-label=${n("occupants")}>
              <ha-icon icon="mdi:account-multiple" aria-hidden="true"></ha-icon>
              ${e.occupants.map((e) => M`<span class="chip">${e}</span>`)}
            </div>` : P}
        ${e.locked_by.length ? this._locks(e) : P}
        ${o ? this._actions(e, o) : P}
      </div>
    `;
	}
	_contribution(e) {
		let t = Fe(e), n = this.ctx.t;
		return M`<li class="contribution">
      <ha-icon icon=${ze(e.kind)} aria-hidden="true"></ha-icon>
      <span class="source">${e.source_name}</span>
      ${e.occupant ? M`<span class="chip">${e.occupant}</span>` : P}
      <span class="remaining">
        ${t.kind === "countdown" ? M`<occupancy-manager-countdown .until=${t.expiresAt}></occupancy-manager-countdown>` : t.kind === "paused" ? n("paused", { time: Pe(t.seconds) }) : n("held")}
      </span>
    </li>`;
	}
	_locks(e) {
		let t = this.ctx.t, n = e.lock_until ? t("lock_until", { time: this.ctx.moment(e.lock_until) }) : t("lock_no_end");
		return M`<div class="locks">
      <ha-icon icon="mdi:lock" aria-hidden="true"></ha-icon>
      <span>${t("locked_by", { holders: e.locked_by.join(", ") })}</span>
      <span class="lock-end">${n}</span>
      ${e.locked_by.map((n) => M`<button
          class="unlock"
          aria-label=${t("unlock_label", {
			holder: n,
			name: e.name
		})}
          @click=${() => this.ctx.call("unlock", e.entity_id, { source_id: n })}
        >
          <ha-icon icon="mdi:lock-open-variant" aria-hidden="true"></ha-icon>${t("unlock")} ${n}
        </button>`)}
    </div>`;
	}
	_actions(e, t) {
		let n = this.ctx.t;
		return M`<div class="actions">
      <select class="duration" aria-label=${n("lock_for")}>
        ${Ye.map(([e, t]) => M`<option value=${t}>${n(e)}</option>`)}
      </select>
      <button class="lock" aria-label=${n("lock_label", { name: e.name })} @click=${() => {
			let e = this.renderRoot.querySelector("select.duration"), n = Number(e?.value ?? 0);
			this.ctx.call("lock", t, {
				source_id: this.ctx.holder,
				...n > 0 ? { duration: { seconds: n } } : {}
			});
		}}>
        <ha-icon icon="mdi:lock" aria-hidden="true"></ha-icon>${n("lock")}
      </button>
      <button
        class="vacate"
        aria-label=${n("vacate_label", { name: e.name })}
        @click=${() => this.ctx.call("vacate", t)}
      >
        <ha-icon icon="mdi:exit-run" aria-hidden="true"></ha-icon>${n("vacate")}
      </button>
    </div>`;
	}
};
X = Xe, X.properties = {
	location: { attribute: !1 },
	depth: { type: Number },
	ctx: { attribute: !1 }
}, X.styles = o`
    :host {
      display: block;
    }
    .row {
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
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin: 6px 0 0 20px;
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
      .actions {
        margin-left: 8px;
      }
    }
  `, customElements.get("occupancy-manager-location") || customElements.define("occupancy-manager-location", Xe);
// src/tree.ts
function Ze(e, t) {
	let n = new Map(t.full || t.ended ? [] : e);
	for (let e of t.removed ?? []) n.delete(e);
	for (let e of t.locations) n.set(e.id, e);
	return n;
}
function Qe(e, t) {
	let n = /* @__PURE__ */ new Map();
	for (let t of e.values()) {
		let r = t.parent !== null && e.has(t.parent) ? t.parent : null, i = n.get(r);
		i ? i.push(t) : n.set(r, [t]);
	}
	for (let e of n.values()) e.sort($e);
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
function $e(e, t) {
	return e.name.localeCompare(t.name) || e.id.localeCompare(t.id);
}
// src/card.ts
var Z, Q = "occupancy-manager-card", et = 2e3, tt = class extends H {
	constructor() {
		super(), this._rows = [], this._home = /* @__PURE__ */ new Map(), this._status = "loading";
	}
	static getConfigElement() {
		return document.createElement("occupancy-manager-card-editor");
	}
	static getStubConfig() {
		return {
			type: `custom:${Q}`,
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
		e.has("hass") && this.hass && (this.hass.language !== this._language && (this._language = this.hass.language, Ke(this.hass).then(() => this._ctx = void 0), this._ctx = void 0), !this._unsubscribe && this._config && this.isConnected && this._subscribe()), !this._ctx && this.hass && this._config && (this._ctx = this._context()), (e.has("_home") || e.has("_config")) && (this._rows = Qe(this._home, this._config?.location_id));
	}
	updated() {
		this.firstMessageAt !== void 0 && this.firstRenderedAt === void 0 && (this.firstRenderedAt = performance.now());
	}
	_context() {
		let e = this.hass, t = this._config, n = q(e), r = e.locale?.language ?? e.language ?? "en";
		return {
			t: n,
			stateName: (e) => Ge(this.hass, e),
			moment: (e) => Ve(e, Date.now(), r),
			sourceName: (e) => {
				let t = this.hass?.states[e]?.attributes.friendly_name;
				return typeof t == "string" ? t : e;
			},
			locationName: (e) => this._home.get(e)?.name ?? e,
			call: (e, t, n) => {
				this.hass?.callService("occupancy_manager", e, n ?? {}, { entity_id: t });
			},
			holder: e.user?.name || "card",
			showContributions: t.show_contributions !== !1,
			showOccupants: t.show_occupants !== !1
		};
	}
	_subscribe() {
		if (this._unsubscribe || !this.hass) return;
		let e = this._config?.location_id, t = { type: "occupancy_manager/subscribe" };
		e && (t.location_id = e), this._unsubscribe = this.hass.connection.subscribeMessage((e) => this._onMessage(e), t).catch((t) => {
			this._unsubscribe = void 0;
			let n = !!e && /Unknown location/.test(t?.message ?? "");
			this._status = n ? "not_found" : "no_home", this._home = /* @__PURE__ */ new Map(), this._resubscribe(et);
		});
	}
	_onMessage(e) {
		e.full && this.firstMessageAt === void 0 && (this.firstMessageAt = performance.now()), this._home = Ze(this._home, e), this._status = "ready", e.ended && (this._status = "loading", this._resubscribe(et));
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
		return M`<ha-card>
      <h1 class="card-header" id="title">${this._config?.location_id ? this._home.get(this._config.location_id)?.name ?? e("card_name") : e("card_name")}</h1>
      <div class="tree" role="list" aria-labelledby="title">${this._body(e)}</div>
    </ha-card>`;
	}
	_body(e) {
		if (this._status !== "ready") return M`<p class="status">${e(this._status === "loading" ? "loading" : this._status)}</p>`;
		if (!this._rows.length || !this._ctx) return M`<p class="status">${e("empty")}</p>`;
		let t = this._ctx;
		return M`${Me(this._rows, (e) => e.location.id, (e) => M`<occupancy-manager-location
          role="listitem"
          data-location=${e.location.id}
          .location=${e.location}
          .depth=${e.depth}
          .ctx=${t}
        ></occupancy-manager-location>`)}`;
	}
};
Z = tt, Z.properties = {
	hass: { attribute: !1 },
	_config: { state: !0 },
	_home: { state: !0 },
	_status: { state: !0 },
	_ctx: { state: !0 }
}, Z.styles = o`
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
  `, customElements.get("occupancy-manager-card") || customElements.define(Q, tt);
// src/editor.ts
var $, nt = class extends H {
	constructor() {
		super(), this._home = /* @__PURE__ */ new Map();
	}
	setConfig(e) {
		this._config = e;
	}
	disconnectedCallback() {
		super.disconnectedCallback();
		let e = this._unsubscribe;
		this._unsubscribe = void 0, e?.then((e) => e?.()).catch(() => void 0);
	}
	willUpdate() {
		this.hass && !this._unsubscribe && this.isConnected && (this._unsubscribe = this.hass.connection.subscribeMessage((e) => this._home = Ze(this._home, e), { type: "occupancy_manager/subscribe" }).catch(() => void 0));
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
		let e = q(this.hass), t = this._config ?? { type: "" }, n = Qe(this._home);
		return M`<div class="editor">
      <label>
        <span>${e("editor_location")}</span>
        <select
          id="location"
          @change=${(e) => this._changed({ location_id: e.target.value || void 0 })}
        >
          <option value="" ?selected=${!t.location_id}>${e("editor_whole_home")}</option>
          ${n.map(({ location: e, depth: n }) => M`<option value=${e.id} ?selected=${t.location_id === e.id}>
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
$ = nt, $.properties = {
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
  `, customElements.get("occupancy-manager-card-editor") || customElements.define("occupancy-manager-card-editor", nt), window.customCards = window.customCards ?? [], window.customCards.some((e) => e.type === "occupancy-manager-card") || window.customCards.push({
	type: Q,
	name: K.card_name,
	description: K.card_description,
	preview: !0,
	documentationURL: "https://github.com/occupancy-manager/occupancy_manager#the-card"
});
