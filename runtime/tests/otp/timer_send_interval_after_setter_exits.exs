# A :timer.send_interval that another process set up for this one keeps ticking after that setter process exits.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))

t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

main = self()
setter = spawn(fn ->
  {:ok, _timer} = :timer.send_interval(100, main, :tick)
  Process.sleep(150)
end)
ref = Process.monitor(setter)
receive do: (:tick -> out.(:tick, t.()))
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:setter_down, {reason, t.()}))
for n <- 1..3 do
  receive do
    :tick -> out.(:"tick_after_exit_#{n}", t.())
  after
    200 -> out.(:"tick_after_exit_#{n}", :none)
  end
end
