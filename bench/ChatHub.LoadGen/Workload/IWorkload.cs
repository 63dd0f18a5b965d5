namespace ChatHub.LoadGen.Workload;

/// <summary>Produces the messages of a schedule. <see cref="Next"/> runs on the scheduler thread only.</summary>
internal interface IWorkload
{
    PlannedMessage Next(long id);

    /// <summary>The reply to a message of <paramref name="conversation"/> arrived (any thread).</summary>
    void OnReplied(Conversation conversation);
}
