# Process.read_timer returns the milliseconds left on a timer, counting down, and false once it has fired.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end
round10 = fn ms -> div(ms + 5, 10) * 10 end

timer = Process.send_after(self(), :ring, 300)
out.(:read_at_0, round10.(Process.read_timer(timer)))
Process.sleep(100)
out.(:read_at_100, round10.(Process.read_timer(timer)))
receive do: (:ring -> out.(:ring, t.()))
out.(:read_after_fired, Process.read_timer(timer))
