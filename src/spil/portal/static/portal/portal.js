// Read aloud with the browser's own speech synthesis, in the page's language. Where the
// browser has no voice for that language, say so instead of failing silently.
(function () {
  var button = document.getElementById("read-aloud");
  var note = document.getElementById("read-aloud-note");
  if (!button || !note) return;
  var lang = document.documentElement.lang;
  button.hidden = false;
  function voiceFor() {
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().split(/[-_]/)[0] === lang) return voices[i];
    }
    return null;
  }
  function speak() {
    var voice = voiceFor();
    if (!voice) { note.hidden = false; return; }
    note.hidden = true;
    var text = document.getElementById("content").innerText;
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    window.speechSynthesis.speak(utterance);
  }
  button.addEventListener("click", function () {
    if (!("speechSynthesis" in window)) { note.hidden = false; return; }
    window.speechSynthesis.cancel();
    if (window.speechSynthesis.getVoices().length) { speak(); return; }
    var done = false;
    window.speechSynthesis.addEventListener("voiceschanged", function () {
      if (!done) { done = true; speak(); }
    });
    setTimeout(function () { if (!done) { done = true; speak(); } }, 800);
  });
})();
