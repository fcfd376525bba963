/** The visualizer's entry point (placeholder until the app shell lands). */
document.getElementById("app")!.textContent = "Orrery trace visualizer";
