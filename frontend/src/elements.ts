// The card's elements, in a chunk of their own: evaluated only once the frontend is
// ready for them (see loader.ts).

import "./card";
import "./editor";
