/// A CAPI machine of a workload cluster, and the VM and node it becomes.
struct Machine: Codable, Sendable, Equatable {
    /// Whether it is a control-plane machine or a worker.
    enum Role: String, Codable, Sendable {
        case controlPlane
        case worker
    }

    /// The Machine object's name.
    var name: String
    /// The VM's (and node's) name.
    var nodeName: String
    /// Its role.
    var role: Role
    /// Its MachineDeployment, for workers.
    var deployment: String?
    /// Its position among the control-plane machines (0 initialises the cluster) or workers.
    var ordinal: Int
    /// Whether it runs Windows.
    var windows: Bool
    /// Its VM size.
    var vmSize: String
}
