package clio

// CustomFieldsService is a stub; see the services issue.
type CustomFieldsService struct{ service }

func newCustomFieldsService(s service) *CustomFieldsService { return &CustomFieldsService{service: s} }
