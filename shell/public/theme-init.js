// Theme before first paint (same storage key and rule as the SDK's startThemeSync), so dark
// users never see a white flash while the bundle loads. A separate file, not inline: the
// gateway's Content-Security-Policy allows scripts from 'self' only.
(function () {
  var preference = 'system';
  try {
    preference = localStorage.getItem('aos.theme') || 'system';
  } catch (e) {}
  var dark = preference === 'dark' || (preference !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
})();
