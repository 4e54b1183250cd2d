# DynamicSupervisor children named {:via, Registry, ...}: a second start under a taken name returns
# {:error, {:already_started, pid}} and adds no child; a restarted child holds the name again.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

{:ok, _} = Registry.start_link(keys: :unique, name: Users)
{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
via = fn key -> {:via, Registry, {Users, key}} end
spec = fn key -> %{id: :user, start: {Agent, :start_link, [fn -> key end, [name: via.(key)]]}} end
{:ok, alice} = DynamicSupervisor.start_child(sup, spec.("alice"))
again = DynamicSupervisor.start_child(sup, spec.("alice"))
out.(:second_start_is_already_started, again == {:error, {:already_started, alice}})
{:ok, bob} = DynamicSupervisor.start_child(sup, spec.("bob"))
out.(:children, DynamicSupervisor.count_children(sup).active)
out.(:whereis_alice, GenServer.whereis(via.("alice")) == alice)
out.(:get_bob, Agent.get(via.("bob"), & &1))
Process.exit(alice, :kill)
Process.sleep(50)
restarted = GenServer.whereis(via.("alice"))
out.(:alice_restarted_under_the_name, is_pid(restarted) and restarted != alice)
out.(:get_alice, Agent.get(via.("alice"), & &1))
out.(:children_after_restart, DynamicSupervisor.count_children(sup).active)
out.(:bob_untouched, GenServer.whereis(via.("bob")) == bob)
