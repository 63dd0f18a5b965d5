using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.WebChat;

/// <summary>The embedded web-chat transcript: per conversation a capped list of final replies and the last <c>seq</c>.</summary>
public sealed class InMemoryWebChatTranscript : IWebChatTranscript
{
    /// <summary>How long a conversation's sequence number outlives its transcript (the Redis store's default too).</summary>
    internal static readonly TimeSpan SequenceRetention = TimeSpan.FromDays(30);

    private readonly ConcurrentDictionary<string, Transcript> _transcripts = new(StringComparer.Ordinal);
    private readonly WebChatTranscriptOptions _options;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public InMemoryWebChatTranscript(IOptions<WebChatTranscriptOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    internal int Count => _transcripts.Count;

    public ValueTask<WebChatReply> AppendAsync(string conversationId, WebChatReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            Sweep(now);
        }

        while (true)
        {
            var transcript = _transcripts.GetOrAdd(conversationId, static _ => new Transcript());
            lock (transcript)
            {
                if (transcript.Removed)
                {
                    continue;
                }

                if (transcript.ExpiresAt <= now)
                {
                    transcript.Replies.Clear(); // the sequence keeps counting: cursors never go backwards
                }

                var existing = transcript.Replies.Find(r => r.Id == reply.Id);
                if (existing is not null)
                {
                    return ValueTask.FromResult(existing);
                }

                var stored = reply with { Seq = ++transcript.LastSeq };
                transcript.Replies.Add(stored);
                if (transcript.Replies.Count > _options.TranscriptSize)
                {
                    transcript.Replies.RemoveAt(0);
                }

                transcript.ExpiresAt = now + _options.TranscriptTtl;
                return ValueTask.FromResult(stored);
            }
        }
    }

    public ValueTask<IReadOnlyList<WebChatReply>> GetAfterAsync(string conversationId, long afterSeq, CancellationToken cancellationToken)
    {
        IReadOnlyList<WebChatReply> result = [];
        if (_transcripts.TryGetValue(conversationId, out var transcript))
        {
            lock (transcript)
            {
                if (transcript.ExpiresAt > _time.GetUtcNow())
                {
                    result = [.. transcript.Replies.Where(r => r.Seq > afterSeq)];
                }
            }
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask<long> GetLastSeqAsync(string conversationId, CancellationToken cancellationToken)
    {
        long last = 0;
        if (_transcripts.TryGetValue(conversationId, out var transcript))
        {
            lock (transcript)
            {
                last = transcript.LastSeq;
            }
        }

        return ValueTask.FromResult(last);
    }

    public ValueTask<int> RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (!_transcripts.TryRemove(conversationId, out var transcript))
        {
            return ValueTask.FromResult(0);
        }

        lock (transcript)
        {
            transcript.Removed = true;
            return ValueTask.FromResult(transcript.Replies.Count);
        }
    }

    // An expired transcript's replies are dropped; its sequence number is kept for SequenceRetention (like the Redis
    // transcript's sequence key), so a widget that comes back with its cursor never misses the replies numbered anew.
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, transcript) in _transcripts)
        {
            lock (transcript)
            {
                if (transcript.ExpiresAt + SequenceRetention <= now && _transcripts.TryRemove(new KeyValuePair<string, Transcript>(key, transcript)))
                {
                    transcript.Removed = true;
                }
                else if (transcript.ExpiresAt <= now && transcript.Replies.Count > 0)
                {
                    transcript.Replies.Clear();
                    transcript.Replies.TrimExcess();
                }
            }
        }
    }

    private sealed class Transcript
    {
        public List<WebChatReply> Replies { get; } = [];

        public long LastSeq { get; set; }

        public DateTimeOffset ExpiresAt { get; set; }

        public bool Removed { get; set; }
    }
}
