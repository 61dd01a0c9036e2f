"""The audio toolbox: ffmpeg, the mixer and the encoder."""
