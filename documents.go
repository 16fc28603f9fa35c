package clio

// DocumentsService is a stub; see the services issue.
type DocumentsService struct{ service }

// DocumentTemplatesService is a stub; see the services issue.
type DocumentTemplatesService struct{ service }

// DocumentAutomationsService is a stub; see the services issue.
type DocumentAutomationsService struct{ service }
