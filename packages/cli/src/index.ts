export { main, type Io } from "./main.js";
export { nodeIo } from "./node-io.js";
