namespace ChatHub.Conversation.Bus;

/// <summary>A named topic carrying messages of one type.</summary>
public sealed class BusTopic<T>
{
    public BusTopic(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    public override string ToString() => Name;
}
