import Foundation

/// The simulated CAPZ checkout (`capz/` in the world folder): what a workflow needs of a real
/// cluster-api-provider-azure checkout — `Makefile`, `Tiltfile`, `tilt-settings.yaml`, the two
/// internal-load-balancer flavor templates, Calico's values, the scripts `make` runs, and
/// `hack/tools/bin/` with the tools the Tiltfile calls by path.
///
/// Every file is our own short text written for the simulator (nothing is copied from CAPZ);
/// the scripts call the simulated tools with the argv forms the real ones use (reference §2).
enum CapzCheckout {
    /// The tools `hack/tools/bin/` links to the simulator.
    static let toolLinks = ["kubectl", "helm", "envsubst", "yq", "kustomize"]

    /// The files, by path relative to the checkout, with whether each is executable.
    static var files: [(path: String, text: String, executable: Bool)] {
        [
            ("Makefile", makefile, false),
            ("Tiltfile", tiltfile, false),
            ("tilt-settings.yaml", tiltSettings, false),
            ("templates/cluster-template-apiserver-ilb.yaml", apiserverILBTemplate, false),
            ("templates/cluster-template-windows-apiserver-ilb.yaml", windowsAPIServerILBTemplate, false),
            ("templates/addons/calico/values.yaml", calicoValues, false),
            ("scripts/aks-as-mgmt.sh", aksAsManagementScript, true),
            ("scripts/aks-delete.sh", aksDeleteScript, true),
            ("hack/ensure-acr-login.sh", acrLoginScript, true),
        ]
    }

    /// Writes the checkout into `folder` (creating it) with tool links to `toolPath`; existing
    /// files are left as they are (a resumed run keeps what it changed, such as tilt-settings.yaml),
    /// tool links are pointed at `toolPath` again.
    ///
    /// - Throws: `SimError.fileSystem` naming the path that could not be written.
    static func create(at folder: String, toolPath: String) throws(SimError) {
        let manager = FileManager.default
        for file in files {
            let path = folder + "/" + file.path
            if manager.fileExists(atPath: path) { continue }
            do {
                try manager.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
                if file.executable { try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
            } catch {
                throw SimError.fileSystem(path: path, reason: error.localizedDescription)
            }
        }
        try link(toolLinks, in: folder + "/hack/tools/bin", to: toolPath)
    }

    /// Makes `folder/NAME` a symlink to `target` for each name, replacing what is there.
    ///
    /// - Throws: `SimError.fileSystem` naming the link that could not be made.
    static func link(_ names: [String], in folder: String, to target: String) throws(SimError) {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SimError.fileSystem(path: folder, reason: error.localizedDescription)
        }
        for name in names {
            let path = folder + "/" + name
            if (try? manager.destinationOfSymbolicLink(atPath: path)) == target { continue }
            do {
                if manager.fileExists(atPath: path) || (try? manager.destinationOfSymbolicLink(atPath: path)) != nil {
                    try manager.removeItem(atPath: path)
                }
                try manager.createSymbolicLink(atPath: path, withDestinationPath: target)
            } catch {
                throw SimError.fileSystem(path: path, reason: error.localizedDescription)
            }
        }
    }
}
