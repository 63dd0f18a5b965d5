using System.Threading.Channels;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;

namespace ChatHub.Conversation.Tests.Infrastructure;

/// <summary>A channel sender that records what egress sent, and can fail on demand.</summary>
public sealed class RecordingSender : IChannelSender
{
    private readonly Channel<OutboundMessage> _sent = System.Threading.Channels.Channel.CreateUnbounded<OutboundMessage>();

    public string Channel => ChannelNames.WebChat;

    public Func<OutboundMessage, SendResult>? Behaviour { get; set; }

    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Kind == OutboundKind.Final)
        {
            Interlocked.Increment(ref _attempts);
        }

        var result = Behaviour?.Invoke(message) ?? SendResult.Sent;
        if (result.Status == SendStatus.Sent)
        {
            _sent.Writer.TryWrite(message);
        }

        return ValueTask.FromResult(result);
    }

    public async Task<OutboundMessage> NextFinalAsync()
    {
        while (true)
        {
            var m = await _sent.Reader.ReadAsync().AsTask().DefaultTimeout();
            if (m.Kind == OutboundKind.Final)
            {
                return m;
            }
        }
    }

    /// <summary>
    /// The final replies sent before the reply to <paramref name="sentinelId"/>. Replies of one conversation leave in
    /// order, so once a sentinel message's reply is sent, every earlier reply (or duplicate) of its conversation has been.
    /// </summary>
    public async Task<List<OutboundMessage>> FinalsBeforeReplyToAsync(string sentinelId)
    {
        var finals = new List<OutboundMessage>();
        while (true)
        {
            var reply = await NextFinalAsync();
            if (reply.InReplyTo == sentinelId)
            {
                return finals;
            }

            finals.Add(reply);
        }
    }

    public List<OutboundMessage> Drain()
    {
        var list = new List<OutboundMessage>();
        while (_sent.Reader.TryRead(out var m))
        {
            list.Add(m);
        }

        return list;
    }
}
