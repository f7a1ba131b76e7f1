// Plain CSS imported for its side effect (style-loader injects it).
declare module '*.css';
