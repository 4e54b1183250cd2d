# Process.cancel_timer returns the milliseconds left on a pending timer (and the message never comes), or false once it fired.
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
round10 = fn ms -> div(ms + 5, 10) * 10 end

pending = Process.send_after(self(), :pending, 200)
Process.sleep(50)
out.(:cancel_pending, round10.(Process.cancel_timer(pending)))
out.(:cancel_again, Process.cancel_timer(pending))
fired = Process.send_after(self(), :fired, 50)
Process.sleep(100)
out.(:cancel_fired, Process.cancel_timer(fired))
Process.sleep(200)
out.(:t, t.())
out.(:mailbox, Mailbox.drain())
