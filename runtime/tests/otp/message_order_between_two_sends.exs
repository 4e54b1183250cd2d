# Two messages sent from one process to another arrive in the order they were sent; a selective receive can still take the later first.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

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

main = self()
spawn(fn ->
  send(main, :first)
  send(main, :second)
  send(main, :third)
end)
Process.sleep(50)
receive do: (:second -> out.(:selected, :second))
out.(:mailbox, Mailbox.drain())
spawn(fn ->
  for n <- 1..5, do: send(main, {:n, n})
end)
Process.sleep(50)
out.(:burst, Mailbox.drain())
