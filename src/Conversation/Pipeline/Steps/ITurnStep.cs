namespace ChatHub.Conversation.Pipeline.Steps;

/// <summary>
/// One step of the worker's answer to a message (<see cref="MessageProcessor"/>): returns the messages it produces, in
/// order, and calls <see cref="Turn.Finish"/> when the message is answered for good.
/// </summary>
internal interface ITurnStep
{
    IAsyncEnumerable<Messages.OutboundMessage> RunAsync(Turn turn, CancellationToken cancellationToken);
}
