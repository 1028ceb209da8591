/** Node-only parts of @jixiao/exchange: LibreOffice recalculation and PDF text (pdftotext). */
export * from "./libreoffice.js";
export * from "./audit/pdf.js";
