let context: AudioContext | null = null

/**
 * A short two-tone chime (WebAudio oscillators, no audio files) for "time is up". Silent when the
 * browser has no WebAudio or refuses to play before the person has interacted with the page.
 */
export function playTimeUpChime(): void {
  const AudioContextClass =
    typeof window === 'undefined'
      ? undefined
      : (window.AudioContext ??
        (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext)
  if (!AudioContextClass) return
  try {
    context ??= new AudioContextClass()
    void context.resume().catch(() => undefined)
    const start = context.currentTime + 0.02
    // A rising fifth, then the octave: noticeable without being an alarm.
    ;[
      { frequency: 660, at: 0 },
      { frequency: 990, at: 0.18 },
      { frequency: 1320, at: 0.36 },
    ].forEach(({ frequency, at }) => {
      const oscillator = context!.createOscillator()
      const gain = context!.createGain()
      oscillator.type = 'sine'
      oscillator.frequency.value = frequency
      gain.gain.setValueAtTime(0.0001, start + at)
      gain.gain.exponentialRampToValueAtTime(0.25, start + at + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, start + at + 0.32)
      oscillator.connect(gain).connect(context!.destination)
      oscillator.start(start + at)
      oscillator.stop(start + at + 0.35)
    })
  } catch {
    // No sound is better than a broken board.
  }
}
