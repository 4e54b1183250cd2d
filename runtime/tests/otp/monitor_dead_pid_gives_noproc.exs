# Monitoring a process that is already dead delivers a :DOWN with reason :noproc without waiting.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

pid = spawn(fn -> exit(:boom) end)
Process.sleep(50)
out.(:alive, Process.alive?(pid))
ref = Process.monitor(pid)
receive do
  {:DOWN, ^ref, :process, _, reason} -> out.(:down, {:DOWN, :ref, :process, :dead, reason})
after
  100 -> out.(:down, :none)
end

out.(:t, t.())
