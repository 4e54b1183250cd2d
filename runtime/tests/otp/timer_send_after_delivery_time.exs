# Process.send_after delivers its message after the given delay; timers fire in deadline order, not in the order they were set.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

Process.send_after(self(), :late, 250)
Process.send_after(self(), :early, 100)
Process.send_after(self(), :middle, 150)
for _ <- 1..3 do
  receive do: (message -> out.(message, t.()))
end
