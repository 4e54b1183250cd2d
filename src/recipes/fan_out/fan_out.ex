defmodule Uploader do
  # Linked: Task.async/1 links each task to the caller.
  def upload_all(docs, timeout \\ 5_000) do
    docs
    |> Enum.map(fn doc -> Task.async(fn -> upload(doc) end) end) #@spawn?mode=linked
    |> Task.await_many(timeout) #@await?mode=linked
  end

  # Not linked: a crash comes back as {:exit, reason}; the caller carries on.
  def upload_all_nolink(docs, timeout \\ 5_000) do
    tasks =
      Enum.map(docs, fn doc ->
        Task.Supervisor.async_nolink(Uploader.TaskSupervisor, fn -> upload(doc) end) #@spawn?mode=nolink
      end)

    tasks
    |> Task.yield_many(timeout) #@await?mode=nolink
    |> Enum.map(fn {task, result} -> result || Task.shutdown(task, :brutal_kill) end) #@shutdown
  end

  # Sequential, for comparison: the total is the sum of every upload.
  def upload_one_by_one(docs, timeout \\ 5_000) do
    Enum.map(docs, fn doc -> Task.async(fn -> upload(doc) end) |> Task.await(timeout) end) #@await?mode=sequential
  end

  defp upload(doc) do
    Process.sleep(doc.duration_ms)
    if doc.broken?, do: exit(:upload_failed) #@crash
    {:ok, doc.id} #@reply
  end
end
