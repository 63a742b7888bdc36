/// One step of a workflow: what it does, what it waits for, and how it is retried.
public struct Step: Sendable, Equatable {
    /// The step's id (`[a-z0-9-]+`, unique in its workflow); events and commands name it.
    public var id: String
    /// A readable name, for progress lines.
    public var name: String?
    /// Steps that must have succeeded (or been skipped) before this one starts.
    public var needs: [String]
    /// What the step does.
    public var action: StepAction
    /// A probe: when it exits 0 the step's effect already exists and the step is skipped.
    public var check: String?
    /// How long one attempt may take.
    public var timeout: Duration
    /// How long an attempt may go without printing anything before it counts as timed out.
    public var idleTimeout: Duration?
    /// When and how often a failed attempt is tried again.
    public var retry: RetryPolicy
    /// Variables set for this step only, in file order.
    public var env: [EnvVar]
    /// Names the step writes as `NAME=value` lines to `$CAPZFLOW_OUTPUT`.
    public var outputs: [String]

    public init(
        id: String, name: String? = nil, needs: [String] = [], action: StepAction,
        check: String? = nil, timeout: Duration = .seconds(1_800), idleTimeout: Duration? = nil,
        retry: RetryPolicy = RetryPolicy(), env: [EnvVar] = [], outputs: [String] = []
    ) {
        self.id = id
        self.name = name
        self.needs = needs
        self.action = action
        self.check = check
        self.timeout = timeout
        self.idleTimeout = idleTimeout
        self.retry = retry
        self.env = env
        self.outputs = outputs
    }

    /// The name to show people: the step's `name`, else its id.
    public var title: String { name ?? id }
}

/// The one thing a step does.
public enum StepAction: Sendable, Equatable {
    /// Run a bash script once per attempt.
    case run(script: String)
    /// Poll a command until it exits 0 or the deadline passes; an exit code in `failOn` means
    /// "this will never come true" and fails the step at once, without retries.
    case wait(until: String, interval: Duration, timeout: Duration, failOn: Set<Int32> = [])
    /// Start a long-running process that outlives the runner, then poll until it is ready; an
    /// exit code of `ready` in `failOn` means it never will be (a Tiltfile that does not load).
    case service(run: String, ready: String?, readyTimeout: Duration, failOn: Set<Int32> = [])
    /// Complete when `capzflow signal RUN NAME` delivers the named signal.
    case await(signal: String)

    /// The file-format key of this kind of step, for messages.
    public var kind: String {
        switch self {
        case .run: "run"
        case .wait: "wait"
        case .service: "service"
        case .await: "await"
        }
    }

    /// Whether a started step of this kind is waiting on the world rather than working.
    ///
    /// `status` shows such steps as `waiting`.
    public var isWaiting: Bool {
        switch self {
        case .wait, .await: true
        case .run, .service: false
        }
    }
}
