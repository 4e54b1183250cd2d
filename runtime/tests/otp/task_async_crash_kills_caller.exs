# A crash in a Task.async task reaches its caller through the link: a non-trapping caller dies with the same reason.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

caller = spawn(fn ->
  task = Task.async(fn ->
    Process.sleep(50)
    exit(:boom)
  end)
  Task.await(task)
end)
ref = Process.monitor(caller)
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:caller_down, reason))
out.(:t, t.())
