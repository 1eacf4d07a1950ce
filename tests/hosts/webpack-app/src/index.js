import "../../app.js";
