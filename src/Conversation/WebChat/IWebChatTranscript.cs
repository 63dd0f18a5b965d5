namespace ChatHub.Conversation.WebChat;

/// <summary>
/// The final replies of each web-chat conversation with their sequence numbers, so a reconnecting client can
/// catch up on what it missed (the Direct Line watermark idea). Size-capped and expiring.
/// </summary>
public interface IWebChatTranscript
{
    /// <summary>
    /// Appends a final reply and returns it with its sequence number. Appending a reply id that is already in the
    /// transcript returns the stored entry (egress retries never duplicate).
    /// </summary>
    ValueTask<WebChatReply> AppendAsync(string conversationId, WebChatReply reply, CancellationToken cancellationToken);

    /// <summary>Replies with <c>Seq &gt; afterSeq</c>, in order.</summary>
    ValueTask<IReadOnlyList<WebChatReply>> GetAfterAsync(string conversationId, long afterSeq, CancellationToken cancellationToken);

    /// <summary>Forgets a conversation's transcript (erasure); returns the number of replies removed.</summary>
    ValueTask<int> RemoveAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>The highest sequence number issued in the conversation (0 if none).</summary>
    ValueTask<long> GetLastSeqAsync(string conversationId, CancellationToken cancellationToken);
}
