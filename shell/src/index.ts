// Async boundary: lets the federation runtime negotiate the shared singletons (react, jotai,
// the SDK, …) before any of them is evaluated.
import('./bootstrap');
