# A Task.async_stream task that outlives the timeout makes the caller exit with {:timeout, {Task.Supervised, :stream, [timeout]}}.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))

defmodule Mailbox do
  # Takes every message now in this process's mailbox, oldest first.
  def drain do
    receive do
      message -> [message | drain()]
    after
      0 -> []
    end
  end
end

t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

Process.flag(:trap_exit, true)
caller =
  spawn_link(fn ->
    Task.async_stream([100, 200, 300], fn ms -> Process.sleep(ms) end, max_concurrency: 2, timeout: 150)
    |> Enum.to_list()
  end)

receive do
  {:EXIT, ^caller, reason} -> out.(:caller_exit, reason)
end

out.(:t, t.())
