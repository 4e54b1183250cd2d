# When a process exits with an abnormal reason, a linked process that does not trap exits dies with the same reason.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

a = spawn(fn -> Process.sleep(:infinity) end)
b = spawn(fn ->
  Process.link(a)
  Process.sleep(50)
  exit(:boom)
end)
ref_a = Process.monitor(a)
ref_b = Process.monitor(b)
receive do: ({:DOWN, ^ref_b, :process, _, reason} -> out.(:b_down, reason))
receive do: ({:DOWN, ^ref_a, :process, _, reason} -> out.(:a_down, reason))
out.(:t, t.())
