// Build-time stand-in for react-devtools-core: Ink imports it only when DEV=true, which the
// bundle never sets; without this the bundle would need the package at start-up.
export default {initialize() {}, connectToDevTools() {}};
