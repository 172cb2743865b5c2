#!/usr/bin/env bash
# Regenerates data/demo/formats/: one short spoken sentence per container format, made with
# Debian's espeak-ng, sox, flac and lame. The files are committed; this script documents how
# they were made (outputs depend on tool versions, so rerunning may change bytes).
set -euo pipefail
cd "$(dirname "$0")/formats"
espeak-ng -v en-us -s 150 -w en_16k.tmp.wav "The quick brown fox jumps over the lazy dog."
sox en_16k.tmp.wav -r 16000 -b 16 en_speech_16k.wav
espeak-ng -v de -s 140 -w de.tmp.wav "Guten Morgen, wie geht es dir heute?"
sox de.tmp.wav -r 48000 -b 24 -c 2 de_speech_48k_stereo.wav
espeak-ng -v fr -s 140 -w fr.tmp.wav "Bonjour, ceci est un enregistrement de test."
sox fr.tmp.wav -r 44100 -b 16 fr_speech_44k.aiff
espeak-ng -v es -s 140 -w es.tmp.wav "Hola, esta es una prueba de sonido."
sox es.tmp.wav -r 22050 -b 16 es.tmp2.wav
flac -s -f -8 -o es_speech_22k.flac es.tmp2.wav
espeak-ng -v it -s 140 -w it.tmp.wav "Buongiorno, questa è una registrazione di prova."
sox it.tmp.wav -r 24000 it.tmp2.wav
lame --quiet -V 4 it.tmp2.wav it_speech_24k.mp3
sox -n -r 16000 -b 16 pink_noise_16k.wav synth 3 pinknoise vol 0.1
rm -f ./*.tmp.wav ./*.tmp2.wav
