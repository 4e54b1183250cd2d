# A :one_for_one supervisor restarts only the child that died; its siblings are left alone.
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

defmodule W do
  # A worker that tells :main when it starts and, as it traps exits, when and why it stops.
  def start_link(id) do
    pid = spawn_link(fn ->
      Process.flag(:trap_exit, true)
      send(:main, {:start, id})
      receive do: ({:EXIT, _from, reason} -> send(:main, {:stop, id, reason}))
    end)
    {:ok, pid}
  end
end

Process.register(self(), :main)
log = fn ->
  Process.sleep(50)
  Mailbox.drain()
end

pid_of = fn sup, id -> Supervisor.which_children(sup) |> List.keyfind(id, 0) |> elem(1) end
children = for id <- [:a, :b, :c], do: %{id: id, start: {W, :start_link, [id]}}
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
out.(:started, log.())
Process.exit(pid_of.(sup, :b), :kill)
out.(:after_b_killed, log.())
Process.exit(pid_of.(sup, :a), :kill)
out.(:after_a_killed, log.())
