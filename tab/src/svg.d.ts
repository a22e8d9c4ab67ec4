/** Fluent SVG icons imported as their markup (esbuild's text loader, scripts/build-web.ts). */
declare module '*.svg' {
  const markup: string;
  export default markup;
}
