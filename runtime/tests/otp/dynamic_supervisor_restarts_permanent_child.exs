# A DynamicSupervisor restarts a :permanent child that dies (as a new process) but not a :temporary one.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

defmodule Worker do
  def start_link(name) do
    {:ok, spawn_link(fn ->
      send(:main, {:start, name})
      Process.sleep(:infinity)
    end)}
  end
end

Process.register(self(), :main)
{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
spec = fn name, restart -> %{id: name, start: {Worker, :start_link, [name]}, restart: restart} end
{:ok, permanent} = DynamicSupervisor.start_child(sup, spec.(:permanent, :permanent))
{:ok, temporary} = DynamicSupervisor.start_child(sup, spec.(:temporary, :temporary))
receive do: ({:start, :permanent} -> out.(:started, :permanent))
receive do: ({:start, :temporary} -> out.(:started, :temporary))
Process.exit(permanent, :kill)
receive do: ({:start, name} -> out.(:restarted, name))
Process.exit(temporary, :kill)
Process.sleep(50)
children = DynamicSupervisor.which_children(sup)
out.(:children, length(children))
out.(:child_is_new_process, Enum.map(children, fn {:undefined, pid, :worker, _} -> pid != permanent end))
out.(:alive, {Process.alive?(permanent), Process.alive?(temporary)})
