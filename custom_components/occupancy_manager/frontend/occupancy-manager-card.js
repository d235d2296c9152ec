// src/loader.ts
var e = {
	type: "occupancy-manager-card",
	name: "Occupancy Manager",
	description: "A live picture of your home: who is where, why, and until when.",
	preview: !0,
	documentationURL: "https://github.com/occupancy-manager/occupancy_manager#the-card"
};
function t(t) {
	t.customCards = t.customCards ?? [], t.customCards.some((t) => t.type === e.type) || t.customCards.push(e);
}
function n(e, t) {
	return e.querySelector("home-assistant") ? t.whenDefined("home-assistant") : Promise.resolve();
}
t(window), n(document, customElements).then(() => import("./occupancy-manager-card-BJTq6I3u.js")).catch((e) => console.error("Occupancy Manager card did not load", e));
