namespace ChatHub.LoadGen.Fakes;

/// <summary>What the fakes saw during one step.</summary>
internal sealed class FakeCounters
{
    public int SendMessage;
    public int Edits;
    public int ChatActions;
    public int StaleReplies;
    public int ModelCalls;
    public int ModelMaxInFlight;

    public void Reset()
    {
        SendMessage = 0;
        Edits = 0;
        ChatActions = 0;
        StaleReplies = 0;
        ModelCalls = 0;
        ModelMaxInFlight = 0;
    }
}
