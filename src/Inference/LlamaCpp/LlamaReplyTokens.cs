namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// The tokens of recent replies, by their text, so that the next prompt puts a reply back exactly as the model wrote
/// it. Tokenizing a reply's text again need not give the tokens it was generated as (SentencePiece's word-start space
/// on the first word, which the reply's text drops, or another split of the same text); the prompt would then differ
/// from what the sequence holds right at that reply, and the prompt cache could reuse nothing after it. Entries are
/// keyed by the exact text (a reply with the same text from anyone gives the same tokens: a valid tokenization of that
/// text, nothing else), least recently used out first. Thread-safe.
/// </summary>
internal sealed class LlamaReplyTokens
{
    /// <summary>Replies remembered: far more than the conversations a prompt cache holds at once.</summary>
    public const int DefaultCapacity = 4096;

    private readonly Dictionary<string, LinkedListNode<(string Text, int[] Tokens)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, int[] Tokens)> _order = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;

    public LlamaReplyTokens(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public void Remember(string text, IReadOnlyCollection<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        if (text.Length == 0 || tokens.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.Remove(text, out var old))
            {
                _order.Remove(old);
            }

            _entries[text] = _order.AddFirst((text, [.. tokens]));
            while (_entries.Count > _capacity)
            {
                _entries.Remove(_order.Last!.Value.Text);
                _order.RemoveLast();
            }
        }
    }

    public bool TryGet(string text, out int[] tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_lock)
        {
            if (_entries.TryGetValue(text, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                tokens = node.Value.Tokens;
                return true;
            }
        }

        tokens = [];
        return false;
    }
}
