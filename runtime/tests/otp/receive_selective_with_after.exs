# A selective receive skips non-matching messages (which stay queued, in order) and its after clause fires when nothing matches in time.
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

send(self(), :noise)
send(self(), {:reply, 1})
send(self(), :more_noise)
receive do: ({:reply, x} -> out.(:matched, {:reply, x}))
result =
  receive do
    {:reply, _} -> :unexpected
  after
    100 -> :timeout
  end
out.(:second_receive, result)
out.(:t, t.())
result =
  receive do
    :nothing -> :unexpected
  after
    0 -> :immediate
  end
out.(:after_zero, result)
out.(:t, t.())
out.(:mailbox, Mailbox.drain())
